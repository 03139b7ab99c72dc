module example.com/printiface

go 1.22
