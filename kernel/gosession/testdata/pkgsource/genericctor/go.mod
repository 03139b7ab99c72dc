module example.com/genericctor

go 1.22
