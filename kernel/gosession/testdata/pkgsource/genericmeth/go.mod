module example.com/genericmeth

go 1.22
