package instorder

// Key numbers tokens.
type Key int

// Token is a lexed token.
type Token struct {
	Kind, Value string
}
