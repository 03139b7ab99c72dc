module example.com/localtype

go 1.22
