module example.com/typeparamcase

go 1.22
