module example.com/slogpkg

go 1.22
