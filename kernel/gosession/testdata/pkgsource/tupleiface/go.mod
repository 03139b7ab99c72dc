module example.com/tupleiface

go 1.22
