module example.com/tuplevar

go 1.22
