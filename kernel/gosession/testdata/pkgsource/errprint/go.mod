module example.com/errprint

go 1.22
