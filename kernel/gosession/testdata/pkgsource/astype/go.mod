module example.com/astype

go 1.22
