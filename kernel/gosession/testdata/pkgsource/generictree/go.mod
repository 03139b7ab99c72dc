module example.com/generictree

go 1.22
