package cycleorder

// A and C refer to each other, C holding an A by value.
type (
	A struct {
		p    *C
		Name string
		Kind int
	}
	C struct {
		N     A
		Index []int
	}
)

// Entry, Index and Leaf refer to each other through a map, Leaf
// embedding an Entry.
type (
	Entry struct {
		Key   string
		Count int
		*Index
	}
	Index struct {
		byKey map[string]*Leaf
	}
	Leaf struct {
		Entry
		Tags []string
	}
)
