"""Writes sample.ipynb, the small notebook that test_notebook.py executes.
Regenerate with: /usr/bin/python3 kernel/testdata/make_notebook.py"""
import os

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

CELLS = [
    'import "fmt"\n\nfmt.Println("hello from Go")',
    "type Point struct{ X, Y float64 }\n\nfunc (p Point) Sum() float64 { return p.X + p.Y }\n\np := Point{1, 2}\np.Sum()",
    'display.Display(display.HTML("<b>bold</b>"))',
    'import "slices"\n\nxs := []int{3, 1, 2}\nslices.Sort(xs)\nxs',
    "for i := range 3 {\n\tfmt.Print(i)\n}",
]


def main():
    nb = new_notebook(cells=[new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {"name": "activis", "display_name": "Go (ActiVis)", "language": "go"}
    nb.metadata["language_info"] = {"name": "go"}
    here = os.path.dirname(os.path.abspath(__file__))
    nbformat.write(nb, os.path.join(here, "sample.ipynb"))


if __name__ == "__main__":
    main()
