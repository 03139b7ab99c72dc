"""Executes sample.ipynb on the activis kernel with nbclient and with
`jupyter nbconvert --to notebook --execute`, and checks the outputs."""
import os
import shutil
import subprocess

import nbformat
from nbclient import NotebookClient

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOK = os.path.join(HERE, "sample.ipynb")
# Debian's jupyter (the one on PATH may belong to another Python).
JUPYTER = os.environ.get("JUPYTER") or ("/usr/bin/jupyter" if os.path.exists("/usr/bin/jupyter") else shutil.which("jupyter"))


def check(nb):
    cells = nb.cells
    assert len(cells) == 5
    for i, c in enumerate(cells):
        errors = [o for o in c.outputs if o.output_type == "error"]
        assert not errors, f"cell {i}: {errors}"
    assert [o.output_type for o in cells[0].outputs] == ["stream"]
    assert cells[0].outputs[0].text == "hello from Go\n"
    assert cells[1].outputs[-1].output_type == "execute_result"
    assert cells[1].outputs[-1].data["text/plain"] == "3"
    assert any(o.output_type == "display_data" and "<b>bold</b>" in o.data.get("text/html", "") for o in cells[2].outputs)
    assert cells[3].outputs[-1].data["text/plain"] == "[1 2 3]"
    assert "".join(o.text for o in cells[4].outputs if o.output_type == "stream") == "012"
    counts = [c.execution_count for c in cells]
    assert counts == [1, 2, 3, 4, 5], counts


def test_nbclient():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, kernel_name="activis", timeout=60).execute()
    check(nb)


def test_nbconvert(tmp_path):
    out = tmp_path / "executed.ipynb"
    subprocess.run(
        [JUPYTER, "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.kernel_name=activis", "--ExecutePreprocessor.timeout=60",
         "--output", str(out), NOTEBOOK],
        check=True, capture_output=True, text=True,
    )
    check(nbformat.read(str(out), as_version=4))
