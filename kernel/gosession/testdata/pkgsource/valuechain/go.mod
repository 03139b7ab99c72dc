module example.com/valuechain

go 1.22
