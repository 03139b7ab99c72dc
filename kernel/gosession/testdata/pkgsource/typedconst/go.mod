module example.com/typedconst

go 1.22
