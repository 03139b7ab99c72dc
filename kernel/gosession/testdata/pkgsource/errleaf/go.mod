module example.com/errleaf

go 1.22
