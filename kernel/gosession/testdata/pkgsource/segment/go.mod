module example.com/segment

go 1.22
