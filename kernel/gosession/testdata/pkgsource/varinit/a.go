// Package varinit initialises variables through functions that read
// variables declared after them, in this file and in b.go
// (TestThirdPartyVarInit).
package varinit

import (
	"fmt"
	"time"
)

// Client has a timeout.
type Client struct{ timeout time.Duration }

var client = newClient()

func newClient() *Client { return &Client{timeout: defaultTimeout} }

var (
	x = y + z()
	y = 2
	w = 10
)

func z() int { return w + limit() }

// Print prints the variables.
func Print() { fmt.Println(client.timeout, defaultTimeout, x, names) }
