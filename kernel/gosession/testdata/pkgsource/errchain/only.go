package errchain

import "errors"

// Only calls errors.Is alone in its file.
func Only(err error) bool { return errors.Is(err, ErrBase) }
