"""python3 -m regretlab: outputs written, exit 2 with a message on bad input."""

import os
import subprocess
import sys

import pytest

from conftest import PYDIR, write_v2
from regretlab import cli

PYTHON = "/usr/bin/python3"


def run(*args):
    env = dict(os.environ, PYTHONPATH=PYDIR)
    return subprocess.run([PYTHON, "-m", "regretlab", *args], capture_output=True, text=True,
                          timeout=60, env=env)


def is_png(path):
    with open(path, "rb") as fh:
        return fh.read(8) == b"\x89PNG\r\n\x1a\n"


def test_commands_write_outputs(v2_file, tmp_path):
    for command in ("curves", "sweeps", "verdicts"):
        out = tmp_path / f"{command}.png"
        assert cli.main([command, v2_file, "-o", str(out)]) == 0
        assert is_png(out)
    assert cli.main(["curves", v2_file, "-o", str(tmp_path / "c.png"), "--metric",
                     "pseudo_regret", "--cells", "ucb1"]) == 0
    assert cli.main(["figures", v2_file, "-o", str(tmp_path / "figs")]) == 0
    assert sorted(os.listdir(tmp_path / "figs")) == ["curves.png", "sweeps.png", "verdicts.png"]
    out = tmp_path / "page.html"
    out.write_text("old")
    assert cli.main(["html", v2_file, "-o", str(out)]) == 0      # overwritten, like the PNGs
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_module_entry_point(v2_file, tmp_path):
    out = tmp_path / "v.png"
    r = run("verdicts", v2_file, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(out) and is_png(out)


@pytest.mark.parametrize("case", ["missing", "text", "v3", "no_sweeps_v1", "bad_metric"])
def test_bad_input_exits_2(tmp_path, golden, case):
    path = tmp_path / "in.h5"
    command, extra = "curves", []
    if case == "text":
        path.write_text("hello\n")
    elif case == "v3":
        write_v2(path, schema_version=3)
    elif case == "no_sweeps_v1":
        path, command = os.path.join(golden, "bandit.h5"), "sweeps"
    elif case == "bad_metric":
        write_v2(path)
        extra = ["--metric", "bogus_metric"]
    out = tmp_path / "out.png"
    r = run(command, str(path), "-o", str(out), *extra)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and str(path) in r.stderr
    assert not out.exists()


def test_usage_error_exits_2(v2_file):
    assert run("curves", v2_file).returncode == 2            # -o missing


@pytest.mark.parametrize("script,args,expect", [
    ("lmdp_table.py", ["latent_mdp.h5", "steps"], "| steps | K | algorithm |"),
    ("contextual_summary.py", ["contextual_bandit.h5"], "minus ref:"),
])
def test_wrapper_scripts_on_golden_files(golden, script, args, expect):
    path = os.path.join(PYDIR, script)
    r = subprocess.run([PYTHON, path, os.path.join(golden, args[0]), *args[1:]],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert expect in r.stdout
    bad = subprocess.run([PYTHON, path, "/nonexistent.h5", *args[1:]], capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode == 2 and "/nonexistent.h5" in bad.stderr
