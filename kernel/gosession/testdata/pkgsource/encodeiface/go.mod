module example.com/encodeiface

go 1.22
