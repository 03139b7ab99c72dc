module example.com/printany

go 1.22
