module example.com/logicleft

go 1.22
