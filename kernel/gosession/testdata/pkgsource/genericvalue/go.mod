module example.com/genericvalue

go 1.22
