package wire

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strings"
)

// ConnectionInfo is the content of a Jupyter connection file.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	SignatureScheme string `json:"signature_scheme"`
	Key             string `json:"key"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and checks the connection file at path.
func ReadConnectionFile(path string) (*ConnectionInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("wire: reading connection file: %w", err)
	}
	var info ConnectionInfo
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("wire: connection file %s: %w", path, err)
	}
	if err := info.Validate(); err != nil {
		return nil, fmt.Errorf("wire: connection file %s: %w", path, err)
	}
	return &info, nil
}

// WriteConnectionFile writes info to path (mode 0600), as a front end does
// before starting a kernel.
func WriteConnectionFile(path string, info *ConnectionInfo) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return fmt.Errorf("wire: encoding connection file: %w", err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return fmt.Errorf("wire: writing connection file: %w", err)
	}
	return nil
}

// Validate reports a missing transport or ip, a port out of range for the tcp
// transport, or an unknown signature scheme.
func (c *ConnectionInfo) Validate() error {
	if c.Transport == "" {
		c.Transport = "tcp"
	}
	if c.Transport != "tcp" && c.Transport != "ipc" {
		return fmt.Errorf("field transport: unsupported transport %q (want tcp or ipc)", c.Transport)
	}
	if c.IP == "" {
		return fmt.Errorf("field ip: empty")
	}
	ports := []struct {
		name string
		port int
	}{
		{"shell_port", c.ShellPort}, {"control_port", c.ControlPort}, {"stdin_port", c.StdinPort},
		{"iopub_port", c.IOPubPort}, {"hb_port", c.HBPort},
	}
	for _, p := range ports {
		if p.port < 0 || p.port > 65535 || (c.Transport == "tcp" && p.port == 0) {
			return fmt.Errorf("field %s: port %d out of range", p.name, p.port)
		}
	}
	if c.SignatureScheme == "" {
		c.SignatureScheme = "hmac-sha256"
	}
	if _, err := hashFor(c.SignatureScheme); err != nil {
		return fmt.Errorf("field signature_scheme: %w", err)
	}
	return nil
}

// Endpoint returns the ZeroMQ endpoint of ch, e.g. "tcp://127.0.0.1:5555"
// (or "ipc://IP-PORT" for the ipc transport, as Jupyter names ipc files).
func (c *ConnectionInfo) Endpoint(ch Channel) string {
	port := c.Port(ch)
	if c.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", c.IP, port)
	}
	ip := c.IP
	if strings.Contains(ip, ":") && !strings.HasPrefix(ip, "[") {
		ip = "[" + ip + "]"
	}
	return fmt.Sprintf("%s://%s:%d", c.Transport, ip, port)
}

// Port returns the port of ch.
func (c *ConnectionInfo) Port(ch Channel) int {
	switch ch {
	case Shell:
		return c.ShellPort
	case Control:
		return c.ControlPort
	case Stdin:
		return c.StdinPort
	case IOPub:
		return c.IOPubPort
	case HB:
		return c.HBPort
	}
	return 0
}

// LocalConnectionInfo returns connection info for 127.0.0.1 with five free
// tcp ports, hmac-sha256 and key, as a front end makes before starting a
// kernel. The ports are free when chosen; another process may take them
// before the kernel binds them.
func LocalConnectionInfo(key string) (*ConnectionInfo, error) {
	var ports [5]int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("wire: choosing a free port: %w", err)
		}
		ls = append(ls, l)
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return &ConnectionInfo{
		Transport: "tcp", IP: "127.0.0.1",
		ShellPort: ports[0], ControlPort: ports[1], StdinPort: ports[2], IOPubPort: ports[3], HBPort: ports[4],
		SignatureScheme: "hmac-sha256", Key: key,
	}, nil
}
