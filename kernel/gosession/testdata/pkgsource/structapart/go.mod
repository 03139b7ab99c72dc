module example.com/structapart

go 1.22
