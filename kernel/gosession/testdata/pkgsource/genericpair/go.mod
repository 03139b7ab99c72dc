module example.com/genericpair

go 1.22
