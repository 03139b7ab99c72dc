module example.com/jsonfields

go 1.22
