module example.com/heldassert

go 1.22
