module example.com/anyswitch

go 1.22
