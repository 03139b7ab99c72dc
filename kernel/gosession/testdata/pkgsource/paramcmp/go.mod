module example.com/paramcmp

go 1.22
