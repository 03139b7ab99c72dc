package graph

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/advancedclimatesystems/gonnx/onnx"
)

// loadExternal reads the weights that mp keeps in external data files
// (torch.onnx.export writes them for models over 2 GB, and onnx's
// save_as_external_data for any model) into the tensors' raw data, so that
// the rest of the package sees ordinary initializers. Files are looked up
// relative to dir, the model's folder; a location that is absolute or
// climbs out of it (".."), a missing file, or an offset and length past
// its end is an error naming the tensor and the file.
func loadExternal(mp *onnx.ModelProto, dir string) error {
	gp := mp.GetGraph()
	if gp == nil {
		return nil
	}
	files := map[string]*os.File{}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, tp := range gp.GetInitializer() {
		if tp.GetDataLocation() != onnx.TensorProto_EXTERNAL {
			continue
		}
		var loc string
		offset, length := int64(0), int64(-1)
		for _, kv := range tp.GetExternalData() {
			var err error
			switch kv.GetKey() {
			case "location":
				loc = kv.GetValue()
			case "offset":
				offset, err = strconv.ParseInt(kv.GetValue(), 10, 64)
			case "length":
				length, err = strconv.ParseInt(kv.GetValue(), 10, 64)
			}
			if err != nil || offset < 0 || (kv.GetKey() == "length" && length < 0) {
				return fmt.Errorf("tensor %q: external data %s %q is not a byte count", tp.GetName(), kv.GetKey(), kv.GetValue())
			}
		}
		if loc == "" {
			return fmt.Errorf("tensor %q: external data without a location", tp.GetName())
		}
		clean := filepath.Clean(filepath.FromSlash(loc))
		if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return fmt.Errorf("tensor %q: external data location %q is outside the model's folder", tp.GetName(), loc)
		}
		f := files[clean]
		if f == nil {
			var err error
			if f, err = os.Open(filepath.Join(dir, clean)); err != nil {
				return fmt.Errorf("tensor %q: external data: %w", tp.GetName(), err)
			}
			files[clean] = f
		}
		st, err := f.Stat()
		if err != nil {
			return fmt.Errorf("tensor %q: external data: %w", tp.GetName(), err)
		}
		if length < 0 {
			length = st.Size() - offset
		}
		if offset > st.Size() || length > st.Size()-offset {
			return fmt.Errorf("tensor %q: external data %s holds %d bytes, the tensor needs bytes %d to %d",
				tp.GetName(), loc, st.Size(), offset, offset+length)
		}
		raw := make([]byte, length)
		if _, err := f.ReadAt(raw, offset); err != nil && err != io.EOF {
			return fmt.Errorf("tensor %q: external data %s: %w", tp.GetName(), loc, err)
		}
		tp.RawData = raw
		tp.DataLocation = onnx.TensorProto_DEFAULT
		tp.ExternalData = nil
	}
	return nil
}
