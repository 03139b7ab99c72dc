module example.com/errfwd

go 1.22
