module example.com/keepiface

go 1.22
