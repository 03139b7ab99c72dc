module example.com/genericwrap

go 1.22
