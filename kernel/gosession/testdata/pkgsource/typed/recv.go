package typed

import "fmt"

type counter struct{ n int }

func (c counter) show(b *string) { *b += fmt.Sprint(c.n, " ") }

type shower interface{ show(*string) }

func add(b *string, n int) { *b += fmt.Sprint(n, " ") }

// DeferReceiver defers methods whose receivers change after the defer,
// and a call reading a package variable of another file.
func DeferReceiver() (out string) {
	c := counter{1}
	defer c.show(&out)
	p := &counter{2}
	defer p.show(&out)
	var s shower = counter{3}
	defer s.show(&out)
	defer add(&out, level)
	c.n, p, level = 10, &counter{20}, 7
	s = counter{30}
	return ""
}
