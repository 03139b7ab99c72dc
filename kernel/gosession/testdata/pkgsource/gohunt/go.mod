module example.com/go-hunt

go 1.22
