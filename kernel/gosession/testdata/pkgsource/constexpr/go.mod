module example.com/constexpr

go 1.22
