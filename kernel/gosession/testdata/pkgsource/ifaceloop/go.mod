module example.com/ifaceloop

go 1.22
