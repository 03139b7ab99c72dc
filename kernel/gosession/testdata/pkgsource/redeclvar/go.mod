module example.com/redeclvar

go 1.22
