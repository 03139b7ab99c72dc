package varinit

import "time"

var defaultTimeout = timeoutFor("net")

var table = map[string]time.Duration{"net": 5 * time.Second}

func timeoutFor(k string) time.Duration { return table[k] }

func limit() int { return len(names) }

var names = []string{"a", "b", "c"}
