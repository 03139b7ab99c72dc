module example.com/methodvalue

go 1.22
