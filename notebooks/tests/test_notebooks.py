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
        # Without stored widget state nbconvert exports each output's
        # self-contained text/html instead of a widget view that needs
        # @jupyter-widgets/html-manager from unpkg.com (make demo does
        # the same): the exported report works offline.
        store_widget_state=False,
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


def streams(nb):
    return "".join(out.text for _, out in outputs(nb) if out.output_type == "stream")


def explorer_outputs(nb):
    return [out for _, out in outputs(nb)
            if out.output_type in ("display_data", "execute_result")
            and "activis-root" in out.get("data", {}).get("text/html", "")]


def test_quickstart():
    nb = run("01-quickstart.ipynb")
    text = streams(nb)
    m = re.search(r"test accuracy: ([\d.]+)% on (\d+) images", text)
    assert m, text[:2000]
    assert 88.0 <= float(m.group(1)) <= 100.0, m.group(0)
    assert m.group(2) == "10000"
    views = explorer_outputs(nb)
    assert views, "the explorer produced no ActiVis views"
    bundle = views[0]["data"]
    assert {"text/html", "text/plain", "image/png"} <= set(bundle), set(bundle)
    assert "ActiVis explorer" in bundle["text/plain"]
    assert "bad subset expression" in text and "(1:" in text, "a bad expression's error names its position"
    assert re.search(r"misclassified shirts\s+n=\s*\d+", text)
    images = [out for _, out in outputs(nb) if out.output_type == "display_data" and "image/png" in out.get("data", {}) and "text/html" not in out["data"]]
    assert len(images) >= 2, "the spot-check images are shown"


def test_quickstart_export_renders_offline_in_chromium():
    """The exported HTML of the executed quickstart, opened offline in
    headless Chromium: the four views render and respond (Go test in
    widgets/views driven through chromedp)."""
    nb = run("01-quickstart.ipynb")
    from nbconvert import HTMLExporter
    body, _ = HTMLExporter().from_notebook_node(nb)
    OUT.mkdir(parents=True, exist_ok=True)
    page = OUT / "01-quickstart.html"
    page.write_text(body)
    if not pathlib.Path("/usr/bin/chromium").exists():
        pytest.skip("chromium not installed")
    import subprocess
    env = dict(os.environ, ACTIVIS_EXPORT_HTML=str(page))
    res = subprocess.run(["go", "test", "-count=1", "-run", "TestExportedNotebook", "-v", "./widgets/views/"],
                         cwd=NOTEBOOKS.parent, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "--- PASS: TestExportedNotebook" in res.stdout, res.stdout[-2000:]


def test_debugging():
    nb = run("02-debugging-a-model.ipynb")
    text = streams(nb)
    assert re.search(r"fc1\s+128 neurons: +\d+ dead", text), text[:3000]
    assert "recomputed accuracy with all 128 neurons" in text
    m = re.search(r"recomputed accuracy with all 128 neurons: ([\d.]+)% \(the model's own: ([\d.]+)%\)", text)
    assert m and abs(float(m.group(1)) - float(m.group(2))) < 0.05, "recomputing logits from fc1 reproduces the model"
    m = re.search(r"misclassified shirts vs T-shirt/top row: cosine ([\d.]+)", text)
    assert m and float(m.group(1)) > 0.8, text[-2000:]
    assert explorer_outputs(nb)


def test_bring_your_own_model():
    nb = run("03-bring-your-own-model.ipynb")
    text = streams(nb)
    assert "2637 fortunes, 5 classes" in text, text[:2000]
    assert "test accuracy 64.3% (509 of 791)" in text
    assert re.search(r"mentions 'computer'\s+\d+ instances", text)
    assert explorer_outputs(nb)


def test_scale():
    nb = run("04-scale.ipynb")
    text = streams(nb)
    m = re.search(r"statistics for (\d+) rows × 32 neurons over 2000000 instances", text)
    assert m, text[:3000]
    for c in range(10):
        mm = re.search(rf"c{c}: 200000 instances, mean of its 3 neurons ([\d.]+)", text)
        assert mm and abs(float(mm.group(1)) - 2.0) < 0.05, f"class c{c} statistics wrong:\n{text}"
    m = re.search(r"bounded sample: (\d+) of 2000000", text)
    assert m and 0 < int(m.group(1)) <= 10000


def test_industry_scale():
    """05: 1,000,000 instances in 20 shards summarized (by activis-beam on
    prism when bin/activis-beam is built, as make test-beam does and
    ACTIVIS_BEAM_REQUIRED=1 demands; else locally, shard by shard), opened
    in the explorer, a row equal to local Aggregate's."""
    nb = run("05-industry-scale.ipynb")
    text = streams(nb)
    assert re.search(r"wrote 20 shards, 1000000 instances × \d+ neurons", text), text[:3000]
    if os.environ.get("ACTIVIS_BEAM_REQUIRED") == "1":
        assert "activis-beam: counter activis/instances = 1000000" in text, text[:5000]
        assert "summarized locally" not in text
    assert "activis.Summary: 1000000 instances, 10 classes" in text, text[:5000]
    m = re.search(r"Shirt: (\d+) instances in the summary, (\d+) by local Aggregate; .*: ([\d.e+-]+)", text)
    assert m and m.group(1) == m.group(2) and int(m.group(1)) > 50000, text[-3000:]
    assert float(m.group(3)) < 1e-5, m.group(0)
    assert "a subset not in the summary: true" in text
    m = re.search(r"bounded sample: (\d+) of 1000000", text)
    assert m and 1000 <= int(m.group(1)) <= 2002, text[-2000:]
    assert explorer_outputs(nb)


def test_beyond():
    """06: discovery, attribution and comparison on the demo CNN (and
    discovery on the text model); the numbers its markdown quotes are the
    ones the cells print."""
    nb = run("06-beyond.ipynb")
    text = streams(nb)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for printed, quoted in [
        (r"1000 shirts, 322 misclassified \(32\.2%\)", "322 are misclassified (32.2%)"),
        (r"22 ≤ width < 27 +323 shirts, 132 misclassified \(40\.9% vs 28\.1% elsewhere\), 41% of the shirt errors",
         "132 of them misclassified (40.9% against 28.1%"),
        (r"slice explaining most shirt errors: 22 ≤ width < 27", "shirts 22 to 26 pixels wide"),
        (r"top < 4 +7186 images, 12\.1% misclassified vs 3\.7%", "12.1% of the time"),
        (r"791 test fortunes, 282 misclassified \(35\.7%\)", "282 of its 791"),
        (r"text has \"not\" +88 fortunes, 51\.1%", "51.1% of the time (88 fortunes)"),
        (r"shirts taken for T-shirts 5\.96, all shirts 1\.04, T-shirts 7\.22", "5.96 on average"),
        (r"6 epochs 90\.26% right, 1 epoch 86\.38% right; both right 8467; 6 epochs right, 1 epoch wrong 559; "
         r"6 epochs wrong, 1 epoch right 171; both wrong 803", "fix 559 images and\nbreak 171"),
        (r"Coat +208 +6", "Coat (208)"),
        (r"6 epochs right, 1 epoch wrong +559 images: .*most increased neurons 56 \(\+0\.61\), 121 \(\+0\.55\)", "56 (+0.61) and 121 (+0.55)"),
        (r"#79 computers taken for politics .*\n +strongest words for politics: control \+0\.35 ask \+0\.28 .*\"not\" -0\.34",
         "by 0.34 for the first one"),
        (r"#157 computers taken for science .*\n +strongest words for science: does \+0\.39 technology \+0\.29 civilization \+0\.27",
         '"technology" and "civilization" for science'),
    ]:
        assert re.search(printed, text), f"06 no longer prints {printed!r}:\n{text[-4000:]}"
        assert quoted in prose, f"06's markdown should quote {quoted!r}"
    assert "the four categories partition the 10000 images: true" in text
    m = re.search(r"centre column \(rows 4–19, columns 12–15\): (-?[\d.]+); elsewhere (-?[\d.]+)", text)
    assert m and float(m.group(1)) < 0 < float(m.group(2)), "the placket is evidence against T-shirt/top"
    views = explorer_outputs(nb)
    assert views, "views.Compare produced no output"
    html = views[-1]["data"]["text/html"]
    for hook in ("header", "matrix-a", "matrix-b", "projection"):
        assert f'data-activis-compare="{hook}"' in html, hook
    assert "image/png" in views[-1]["data"]
