module example.com/pkgprint

go 1.22
