module example.com/mapsclash

go 1.22
