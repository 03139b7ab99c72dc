module example.com/constrepeat

go 1.22
