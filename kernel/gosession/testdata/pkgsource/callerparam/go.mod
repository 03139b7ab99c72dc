module example.com/callerparam

go 1.22
