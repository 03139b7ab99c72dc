module example.com/ifacecallarg

go 1.22
