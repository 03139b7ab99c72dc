module example.com/logat

go 1.22
