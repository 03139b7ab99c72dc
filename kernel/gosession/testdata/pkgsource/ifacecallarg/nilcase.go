package ifacecallarg

import "fmt"

type named interface{ Name() string }

type plain struct{}

func (plain) Name() string { return "plain" }

type counted struct{ n int }

func (c *counted) Name() string { return fmt.Sprint("counted", c.n) }

func find(ok bool) named {
	if ok {
		return plain{}
	}
	return nil
}

func kind(v named) string {
	switch x := v.(type) {
	case nil, *counted:
		if x == nil {
			return "nil"
		}
		return x.Name()
	case plain:
		return "plain " + x.Name()
	default:
		return "default"
	}
}

func kindOnly(v named) string {
	switch v.(type) {
	case nil:
		return "nil"
	}
	return "set"
}

// NilCases switches on a package interface with a nil case.
func NilCases() string {
	var v named
	return fmt.Sprint(kind(find(false)), " ", kind(v), " ", kind(nil), " ", kind(&counted{2}), " ", kind(find(true)), " ",
		kindOnly(nil), " ", kindOnly(find(true)))
}
