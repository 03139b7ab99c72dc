module example.com/genericsig

go 1.22
