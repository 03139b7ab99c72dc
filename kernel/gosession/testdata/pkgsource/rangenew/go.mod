module example.com/rangenew

go 1.23
