module example.com/lookalike

go 1.22
