module example.com/tuplemap

go 1.22
