// Package npy reads and writes the NumPy file formats activis loads
// activations and inputs from: .npy files (format versions 1.0, 2.0 and
// 3.0) and .npz archives of them.
//
// Reading never copies the data: Parse turns the bytes of a whole file (a
// memory map, see activis/internal/mmap) into an Array, N rows of D
// values, whose Data views float32 values in place and whose Raw bytes of
// any other dtype are converted per row by a converter of
// activis/internal/dtype. ReadHeader alone decodes the header (the
// dictionary with npyio, the preamble by hand, so that a corrupt header is
// an error and never a panic). OpenNPZ reads an archive's directory and
// Each hands out its members in name order, stored members as slices of
// the archive (np.savez: served from the same map) and compressed ones
// decompressed (np.savez_compressed).
//
// Writing: EncodeHeader makes the header of a little-endian float32 C-order
// file and PutFloat32s its data.
//
// Errors start with the file name (or archive:member) and wrap ErrNotNPY,
// ErrTruncated, ErrDType or ErrFortranOrder, which activis re-exports, or
// the shape sentinel the caller passes to Parse (activis.ErrShape). The
// exported API is activis's: LoadActivations, LoadInputs, LoadNPZ,
// SaveNPY, WriteNPY and CreateNPY wrap this package. FuzzNPY (`make fuzz
// FUZZ=NPY`) checks that no input panics and that every accepted file's
// rows can be read.
package npy
