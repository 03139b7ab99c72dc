module example.com/errpkg

go 1.22
