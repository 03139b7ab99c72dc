module example.com/errchain

go 1.22
