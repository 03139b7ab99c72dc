module example.com/typeofclash

go 1.22
