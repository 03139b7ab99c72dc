module example.com/instorder

go 1.22
