module example.com/pkgfix

go 1.21
