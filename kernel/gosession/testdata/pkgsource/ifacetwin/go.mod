module example.com/ifacetwin

go 1.22
