module example.com/embediface

go 1.22
