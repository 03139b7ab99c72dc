module example.com/genericclash

go 1.22
