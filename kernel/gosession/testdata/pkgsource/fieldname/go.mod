module example.com/fieldname

go 1.22
