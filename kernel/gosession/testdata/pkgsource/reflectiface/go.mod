module example.com/reflectiface

go 1.22
