module example.com/defermade

go 1.22
