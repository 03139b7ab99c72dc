module example.com/stdgeneric

go 1.22
