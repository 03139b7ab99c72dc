//go:build !unix

package mmap

import "os"

// Map reads the whole file where memory mapping is not available.
func Map(path string) ([]byte, func() error, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return b, func() error { return nil }, nil
}
