module example.com/switchinit

go 1.22
