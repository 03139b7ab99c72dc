module example.com/cycleorder

go 1.22
