module example.com/typeverb

go 1.22
