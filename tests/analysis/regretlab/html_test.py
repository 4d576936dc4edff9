"""The HTML page: self-contained, claims first, escaped, and it renders in headless Chromium."""

import os
import re
import shutil
import subprocess

import numpy as np
import pytest

from regretlab import figures
from regretlab.html import write_page

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium"
                                         if os.path.exists("/usr/bin/chromium") else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope="module")
def page(results, tmp_path_factory):
    named = figures.all_figures(results)
    out = tmp_path_factory.mktemp("html") / "page.html"
    write_page(results, str(out), named)
    return str(out), len(named), out.read_text(encoding="utf-8")


def test_self_contained(page):
    _, n, text = page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert "http://" not in text and "https://" not in text
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', text)) == n
    assert "<link" not in text and not re.search(r"<script[^>]+src=", text)


def test_claims_lead_and_sections(page):
    _, _, text = page
    h2 = re.findall(r'<h2 id="([a-z]+)"', text)
    assert h2 == ["claims", "provenance", "verdicts", "rates", "paired", "figures"]
    claims = text[text.index('id="claims"'):text.index('id="provenance"')]
    assert "ucb1 gap exponent" in claims and "reproduced" in claims
    assert "-0.5 [-0.6, -0.4]" in claims and "-1 ± 0.6" in claims
    assert "not evaluated (needs full size)" in claims
    # every text escaped: the claim name, the spec's <script>, a citation's <2002>
    assert "bound &lt;holds&gt; &amp; stays" in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "<script>alert" not in text
    assert "Citation of ucb1_auer2002 &lt;2002&gt;" in text
    prov = text[text.index('id="provenance"'):text.index('id="verdicts"')]
    for value in ("experiments/synthetic.toml", "abc123def456", "2026-12-03T12:00:00Z",
                  "0.2.0-test", "replicates=4"):
        assert value in prov
    verdicts = text[text.index('id="verdicts"'):text.index('id="rates"')]
    assert "holds (unverified term dominates)" in verdicts and "0.75" in verdicts
    assert "no (as recalled)" in verdicts and "unverified share" in verdicts
    rates = text[text.index('id="rates"'):text.index('id="paired"')]
    assert "ucb1_auer2002" in rates and "environment.gap" in rates
    paired = text[text.index('id="paired"'):text.index('id="figures"')]
    assert "3 [1, 5]" in paired and "thompson" in paired


def _chromium(*args, timeout=60):
    return subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_renders_in_headless_chromium(page, tmp_path):
    path, n, _ = page
    url = "file://" + os.path.abspath(path)
    dom = _chromium("--dump-dom", url)
    assert f'data-render-check="ok images={n}"' in dom.stdout, dom.stdout[-500:]
    console = [line for line in dom.stderr.splitlines() if re.search(r"CONSOLE\(\d+\)", line)]
    assert not console, console
    shot = tmp_path / "shot.png"
    r = _chromium(f"--screenshot={shot}", "--window-size=1280,2400", url)
    assert shot.exists(), r.stderr[-500:]
    import matplotlib.image as mpimg
    pixels = mpimg.imread(str(shot))
    assert pixels.shape[0] == 2400 and pixels.shape[1] == 1280
    assert float(np.std(pixels[..., :3])) > 0.05        # not a blank page
    console = [line for line in r.stderr.splitlines() if re.search(r"CONSOLE\(\d+\)", line)]
    assert not console, console


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_render_check_reports_a_broken_image(tmp_path):
    from regretlab.html import SCRIPT
    broken = tmp_path / "broken.html"
    broken.write_text(f"<!DOCTYPE html><html><head><script>{SCRIPT}</script></head><body>"
                      '<img src="data:image/png;base64,AAAA"></body></html>')
    dom = _chromium("--dump-dom", "file://" + str(broken))
    assert 'data-render-check="broken images=1 bad=1"' in dom.stdout
