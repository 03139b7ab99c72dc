"""Executes every tutorial notebook with nbclient against the installed
activis kernel (JUPYTER_PATH points at the private kernelspec that
`make test` installs) and asserts on key outputs."""

import json
import os
import pathlib
import re

import nbformat
import pytest
from nbclient import NotebookClient

HERE = pathlib.Path(__file__).resolve().parent
NOTEBOOKS = HERE.parent
OUT = pathlib.Path(os.environ.get("ARTIFACTS", NOTEBOOKS.parent / "build" / "artifacts")) / "notebooks"

NAMES = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def execute(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="activis",
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    OUT.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, OUT / name)
    return nb


def outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                yield cell, out


def text_of(out):
    if out.output_type == "stream":
        return out.text
    data = out.get("data", {})
    return data.get("text/plain", "")


_cache = {}


def run(name):
    if name not in _cache:
        _cache[name] = execute(name)
    return _cache[name]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_without_errors(name):
    nb = run(name)
    errors = [out for _, out in outputs(nb) if out.output_type == "error"]
    assert not errors, f"{name}: error outputs: {[e.ename + ': ' + e.evalue for e in errors]}"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.get("execution_count") is not None, f"{name}: a cell did not run"


def test_notebooks_are_committed_without_outputs():
    for name in NAMES:
        nb = json.loads((NOTEBOOKS / name).read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{name} is committed with outputs"
                assert cell.get("execution_count") is None, f"{name} is committed with execution counts"
