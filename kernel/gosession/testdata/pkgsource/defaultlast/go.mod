module example.com/defaultlast

go 1.22
