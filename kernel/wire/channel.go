package wire

// Channel names one of the five Jupyter channels.
type Channel int

// The five channels of the Jupyter messaging protocol.
const (
	Shell Channel = iota
	Control
	Stdin
	IOPub
	HB
)

// String returns the channel's protocol name ("shell", "iopub", ...).
func (c Channel) String() string {
	switch c {
	case Shell:
		return "shell"
	case Control:
		return "control"
	case Stdin:
		return "stdin"
	case IOPub:
		return "iopub"
	case HB:
		return "hb"
	}
	return "unknown"
}
