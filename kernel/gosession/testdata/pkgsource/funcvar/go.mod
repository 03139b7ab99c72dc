module example.com/funcvar

go 1.22
