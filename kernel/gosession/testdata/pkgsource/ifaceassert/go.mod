module example.com/ifaceassert

go 1.22
