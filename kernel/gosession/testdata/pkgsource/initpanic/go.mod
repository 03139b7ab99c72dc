module example.com/initpanic

go 1.22
