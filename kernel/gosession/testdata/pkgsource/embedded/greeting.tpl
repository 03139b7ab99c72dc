Hello, {{.}}!
second line
