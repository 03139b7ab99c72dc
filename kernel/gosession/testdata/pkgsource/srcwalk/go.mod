module example.com/srcwalk

go 1.22
