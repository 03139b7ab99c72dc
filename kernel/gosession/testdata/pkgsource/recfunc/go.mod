module example.com/recfunc

go 1.22
