module example.com/typedvar

go 1.22
