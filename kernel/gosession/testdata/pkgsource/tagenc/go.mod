module example.com/tagenc

go 1.22
