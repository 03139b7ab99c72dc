module example.com/pkglog

go 1.22
