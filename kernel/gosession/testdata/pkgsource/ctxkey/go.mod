module example.com/ctxkey

go 1.22
