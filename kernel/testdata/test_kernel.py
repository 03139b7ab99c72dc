"""The Jupyter project's conformance suite (jupyter_kernel_test) for the
activis kernel, with every sample attribute set so that no test skips."""
import unittest

import jupyter_kernel_test


class ActivisKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "activis"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\n\nfmt.Println("hello, world")'

    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\n\nfmt.Fprintln(os.Stderr, "to stderr")'

    # Matches replace code[cursor_start:cursor_end]: after a selector, the member name.
    completion_samples = [
        {"text": 'import "fmt"\nfmt.Printl', "matches": {"Println"}},
        {"text": 'import "strings"\nstrings.ToUpp', "matches": {"ToUpper", "ToUpperSpecial"}},
    ]

    complete_code_samples = [
        "x := 1",
        'import "fmt"\nfmt.Println(1)',
        "func f() int { return 1 }",
        "type P struct{ X int }",
    ]
    incomplete_code_samples = [
        "func f() {",
        "if true {",
        "xs := []int{1,\n2,",
        "y := 1 +",
    ]
    invalid_code_samples = [
        "}",
        "x := )",
    ]

    code_page_something = "%help"

    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": "1 + 2", "result": "3"},
        {"code": "x := 10\nx / 4", "result": "2"},
    ]

    # matches "6*7" (and only it) among the codes above
    code_history_pattern = "6?7"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'display.Display(display.HTML("<b>hi</b>"))', "mime": "text/html"},
        {"code": 'display.Display(display.Markdown("*hi*"))', "mime": "text/markdown"},
        {"code": 'display.Display(display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>`))', "mime": "image/svg+xml"},
    ]

    code_inspect_sample = "fmt.Println"

    code_clear_output = "display.Clear(false)"


if __name__ == "__main__":
    unittest.main()
