module example.com/ifacecmp

go 1.22
