module example.com/srctypes

go 1.22
