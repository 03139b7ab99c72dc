module example.com/cmpclash

go 1.22
