module example.com/nilrecv

go 1.22
