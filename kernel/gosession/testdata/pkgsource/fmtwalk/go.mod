module example.com/fmtwalk

go 1.22
