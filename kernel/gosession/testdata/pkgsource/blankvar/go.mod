module example.com/blankvar

go 1.22
