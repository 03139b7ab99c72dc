module example.com/arrayptr

go 1.22
