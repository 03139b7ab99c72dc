module example.com/structwrap

go 1.22
