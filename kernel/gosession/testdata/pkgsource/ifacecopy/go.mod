module example.com/ifacecopy

go 1.22
