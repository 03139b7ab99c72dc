module example.com/namedzero

go 1.22
