package install

// The logos in assets/ are drawn by a program kept beside them; regenerate
// them with `go generate ./install`.
//go:generate go run ./internal/genlogo -o assets
