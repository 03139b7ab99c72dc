package mmap

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestMap(t *testing.T) {
	dir := t.TempDir()
	want := bytes.Repeat([]byte("activis"), 3000)
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	b, unmap, err := Map(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("mapped %d bytes differ from the %d written", len(b), len(want))
	}
	Sequential(b)
	Release(b, 0, len(b))
	if !bytes.Equal(b, want) { // released pages fault back in from the page cache
		t.Errorf("bytes differ after Release")
	}
	if err := unmap(); err != nil {
		t.Fatal(err)
	}

	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, unmap, err := Map(empty); err != nil || b == nil || len(b) != 0 {
		t.Errorf("empty file: %v, %v", b, err)
	} else {
		unmap()
	}
	if _, _, err := Map(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v, want not-exist", err)
	}
	if TotalMemory() < 0 {
		t.Errorf("TotalMemory %d", TotalMemory())
	}
}
