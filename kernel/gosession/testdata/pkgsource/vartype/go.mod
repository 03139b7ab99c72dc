module example.com/vartype

go 1.22
