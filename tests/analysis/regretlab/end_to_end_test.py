"""The results layer end to end with the real command line (REGRETLAB_BIN, set by CTest): a
horizon sweep run, its report's HTML page rendered in headless Chromium, and the pandas block of
docs/hdf5-schema.md run on the file it describes."""

import os
import re
import shutil
import subprocess

import numpy as np
import pytest

BIN = os.environ.get("REGRETLAB_BIN")
SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--enable-logging=stderr", "--v=0"]

pytestmark = pytest.mark.skipif(BIN is None, reason="REGRETLAB_BIN not set (run through CTest)")

SPEC = """name = "sweep"
seed = 11
replicates = 6
checkpoints = { kind = "geometric", count = 20 }
baseline = "ucb1"
[[environments]]
name = "bernoulli"
means = [0.3, 0.5, 0.7]
[[algorithms]]
name = "ucb1"
[[algorithms]]
name = "thompson_sampling"
[sweep]
horizon = [3000, 300, 1000]
[[claims]]
name = "ucb1 bound"
quantity = "verdict"
bound = "ucb1_auer2002"
expected = "holds"
cells = { algorithm = "ucb1" }
source = "Auer, Cesa-Bianchi, Fischer (2002), Theorem 1"
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e")
    spec = work / "sweep.toml"
    spec.write_text(SPEC)
    os.makedirs(work / "results")
    subprocess.run([BIN, "run", str(spec), "-o", str(work / "results" / "sweep.h5"), "--quiet"],
                   check=True, cwd=work)
    return work


def test_pandas_block_of_the_schema_doc_runs(result):
    doc = open(os.path.join(SOURCE, "docs", "hdf5-schema.md"), encoding="utf-8").read()
    block = re.search(r"<!-- tested by[^\n]*\n```python\n(.*?)```", doc, re.S).group(1)
    scope = {}
    cwd = os.getcwd()
    os.chdir(result)
    try:
        exec(block, scope)  # noqa: S102 - the documented example, verbatim
    finally:
        os.chdir(cwd)
    cells = scope["cells"]
    assert list(cells.columns[:8]) == ["cell_id", "protocol", "environment", "algorithm",
                                       "horizon", "replicates", "seed", "status"]
    # report order: algorithm, then T numerically (not as text: 1000 < 300)
    assert list(cells["horizon"]) == [300, 1000, 3000, 300, 1000, 3000]
    chosen = cells[(cells["algorithm"] == "ucb1") & (cells["horizon"] == 3000)]
    assert len(chosen) == 1 and chosen["algorithm.exploration"].iloc[0] == 2.0
    assert np.isnan(cells[cells["algorithm"] == "ucb1"]["algorithm.prior_alpha"]).all()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_report_html_renders(result, tmp_path):
    page = tmp_path / "sweep.html"
    run = subprocess.run([BIN, "report", str(result / "results" / "sweep.h5"), "--html", str(page)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = page.read_text(encoding="utf-8")
    assert text.index('id="claims"') < text.index('id="provenance"')
    assert "ucb1 bound" in text and "reproduced" in text
    images = len(re.findall(r'<img [^>]*src="data:image/png;base64,', text))
    assert images >= 3  # curves, the sweep figure, the verdict overview
    dom = subprocess.run([CHROMIUM, *FLAGS, "--dump-dom", "file://" + str(page)],
                         capture_output=True, text=True, timeout=60)
    assert f'data-render-check="ok images={images}"' in dom.stdout
    assert not re.findall(r"CONSOLE\(\d+\)", dom.stderr)
    # a second --html to the same file is refused without --force
    again = subprocess.run([BIN, "report", str(result / "results" / "sweep.h5"), "--html",
                            str(page)], capture_output=True, text=True)
    assert again.returncode == 2 and "pass --force" in again.stderr
