module example.com/deepeq

go 1.22
