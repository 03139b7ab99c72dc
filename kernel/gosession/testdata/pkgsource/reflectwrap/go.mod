module example.com/reflectwrap

go 1.22
