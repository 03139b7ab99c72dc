module example.com/ptrconstraint

go 1.22
