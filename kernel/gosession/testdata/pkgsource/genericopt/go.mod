module example.com/genericopt

go 1.22
