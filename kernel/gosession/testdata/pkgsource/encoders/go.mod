module example.com/encoders

go 1.22
