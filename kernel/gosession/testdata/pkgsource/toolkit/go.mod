module example.com/toolkit

go 1.22
