"""One self-contained HTML page of a result: figures embedded as PNG data URIs, inline CSS, no
network, no external script. Sections: claims, provenance, verdicts, fitted rates, paired
comparisons, figures. A tiny inline script sets document.body.dataset.renderCheck to
"ok images=N" once every <img> has decoded (naturalWidth > 0), else "broken images=N bad=M".
"""

import base64
import html as _html
import io
import math
import os

from .figures import all_figures

CSS = """
body { font-family: sans-serif; margin: 1.5em 2em; color: #222; max-width: 1500px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; max-width: 30em; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: 0.6em; overflow-x: auto; font-size: 0.8em; }
.s-reproduced, .v-holds { background: #c8e6c9; }
.s-not-reproduced, .v-violated { background: #ffcdd2; }
.s-inconclusive, .v-inconclusive { background: #ffe0b2; }
.v-holds-unverified-term-dominates { background: #e6f4d0; }
.v-inconclusive-too-few-replicates { background: #fff3c4; }
.s-not-evaluated-needs-full-size, .v-not-applicable { background: #eeeeee; }
.note { color: #555; font-size: 0.85em; }
.detail { display: block; white-space: normal; text-align: left; overflow-wrap: anywhere; }
figure { margin: 1em 0; } img { max-width: 100%; height: auto; border: 1px solid #eee; }
"""

SCRIPT = """
window.addEventListener('load', function () {
  var imgs = document.images, bad = 0;
  for (var i = 0; i < imgs.length; i++) {
    if (!(imgs[i].complete && imgs[i].naturalWidth > 0)) bad++;
  }
  document.body.dataset.renderCheck =
    (bad === 0 ? 'ok images=' + imgs.length : 'broken images=' + imgs.length + ' bad=' + bad);
});
"""


def esc(value):
    return _html.escape(str(value), quote=True)


def _num(value, digits=4):
    try:
        v = float(value)
    except (TypeError, ValueError):
        return esc(value)
    if math.isnan(v):
        return "–"
    return f"{v:.{digits}g}"


def _interval(mid, lo, hi, digits=4):
    text = _num(mid, digits)
    if all(_finite(x) for x in (lo, hi)):
        text += f" [{_num(lo, digits)}, {_num(hi, digits)}]"
    return text


def _finite(x):
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _cls(prefix, text):
    slug = "".join(c if c.isalnum() else "-" for c in str(text).lower())
    slug = "-".join(p for p in slug.split("-") if p)
    return f"{prefix}-{slug}"


def _table(header, rows):
    out = ["<table>", "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, tuple):       # (html, css class) pre-escaped
                content, klass = cell
                cells.append(f'<td class="{esc(klass)}">{content}</td>')
            else:
                cells.append(f"<td>{esc(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _expected(c):
    if c.get("quantity") == "verdict":
        return str(c.get("expected_verdict", ""))
    parts = []
    if _finite(c.get("expected")):
        text = _num(c["expected"])
        if _finite(c.get("tolerance")):
            text += f" ± {_num(c['tolerance'])}"
        parts.append(text)
    if _finite(c.get("at_least")):
        parts.append(f"≥ {_num(c['at_least'])}")
    if _finite(c.get("at_most")):
        parts.append(f"≤ {_num(c['at_most'])}")
    return ", ".join(parts) or "–"


def claims_section(results):
    out = ["<h2 id=\"claims\">Claims</h2>"]
    if results.claims is None or not len(results.claims):
        out.append('<p class="note">This file states no claims (its spec has none, or it is a '
                   'schema 1 file).</p>')
        return "\n".join(out)
    rows = []
    for c in results.claims.to_dict("records"):
        name = f"<b>{esc(c.get('name', ''))}</b>"
        if c.get("description"):
            name += f"<br><span class=\"note\">{esc(c['description'])}</span>"
        measured = _interval(c.get("measured"), c.get("measured_ci_low"),
                             c.get("measured_ci_high"))
        if c.get("detail"):
            measured += f"<span class=\"note detail\">{esc(c['detail'])}</span>"
        status = str(c.get("status", ""))
        what = c.get("metric") or c.get("bound") or ""
        if c.get("quantity") == "exponent" and c.get("parameter"):
            what += f" in {c['parameter']}"
        rows.append([(name, ""), f"{c.get('quantity', '')} ({what})",
                     (esc(_expected(c)), "num"), (measured, "num"),
                     (esc(status), _cls("s", status)), c.get("source", "")])
    out.append(_table(["name", "quantity", "expected", "measured [95% interval]", "status",
                       "source"], rows))
    return "\n".join(out)


def provenance_section(results):
    p = results.provenance
    keys = ["name", "spec_file", "overrides", "regretlab_version", "git_sha", "created_utc",
            "schema_version", "seed", "spec_hash", "build"]
    rows = [[k, ("<pre>" + esc(p.get(k, "")) + "</pre>" if k == "overrides" and p.get(k)
                 else esc(p.get(k, "–")), "")] for k in keys]
    return "\n".join(["<h2 id=\"provenance\">Provenance</h2>", _table(["attribute", "value"], rows),
                      "<p>Spec (TOML, verbatim):</p>",
                      "<pre>" + esc(p.get("spec_toml", "")) + "</pre>"])


def verdicts_section(results):
    out = ["<h2 id=\"verdicts\">Verdicts</h2>"]
    v = results.verdicts
    if v is None or not len(v):
        out.append('<p class="note">No cell has a bound.</p>')
        return "\n".join(out)
    out.append('<p class="note">A bound whose constants were not checked (taken as recalled) can '
               'only support a claim as far as those constants do. "holds (unverified term '
               'dominates)": the bound holds but most of its final value (the unverified share) '
               'comes from terms whose constants were not checked. "inconclusive (too few '
               'replicates)": fewer than 2 replicates, no interval.</p>')
    cells = results.cells.set_index("cell_id")
    rows = []
    for r in v.to_dict("records"):
        c = cells.loc[r["cell_id"]] if r["cell_id"] in cells.index else None
        where = (f"{c['label']} on {c['environment_label']}, T={c['horizon']}" if c is not None
                 else r["cell_id"])
        rows.append([where, r["bound"], r["metric"],
                     (esc(r["verdict"]), _cls("v", r["verdict"])),
                     (_num(r["max_ratio"]), "num"), (_num(r["final_ratio"]), "num"),
                     (_num(r["unverified_share"], 3), "num")])
    out.append(_table(["cell", "bound", "metric", "verdict", "max ratio", "final ratio",
                       "unverified share"], rows))
    # Each bound's statement and source once, not on every row.
    bounds = v.drop_duplicates("bound").sort_values("bound")
    out.append("<p>The bounds: what they state, where, and whether their constants were checked "
               "at the source.</p>")
    out.append(_table(["bound", "kind", "constants checked", "citation", "formula"],
                      [[b["bound"], b["kind"],
                        "yes" if b["constants_checked"] else "no (as recalled)",
                        b["citation"], b["formula"]] for b in bounds.to_dict("records")]))
    return "\n".join(out)


def rates_section(results):
    out = ["<h2 id=\"rates\">Fitted rates against theory</h2>"]
    s = results.sweeps
    if s is not None and len(s):
        rows = [[r["label"] or f"{r['algorithm']} on {r['environment']}", r["parameter"],
                 r["metric"], (_interval(r["exponent"], r["exponent_ci_low"],
                                         r["exponent_ci_high"], 3), "num"),
                 r["theory_bound"] or "–", (_num(r["theory_exponent"], 3), "num")]
                for r in s.to_dict("records")]
        out.append("<p>Sweeps: final metric ∝ value<sup>b</sup> (log–log OLS).</p>")
        out.append(_table(["sweep (held fixed)", "parameter", "metric", "exponent b [95% CI]",
                           "theory bound", "theory exponent"], rows))
    else:
        out.append('<p class="note">No sweeps in this file.</p>')
    f = results.fits
    if f is not None and len(f):
        cells = results.cells.set_index("cell_id")
        rows = []
        for r in f.to_dict("records"):
            c = cells.loc[r["cell_id"]]
            rows.append([f"{c['label']} on {c['environment_label']}, T={c['horizon']}",
                         r["metric"],
                         (_interval(r["final_mean"], r["final_ci_low"], r["final_ci_high"]), "num"),
                         (_interval(r["slope"], r["slope_ci_low"], r["slope_ci_high"], 3), "num"),
                         (f"{_num(r['fit_t_min'])}–{_num(r['fit_t_max'])}", "num")])
        out.append("<p>Per cell: final mean and the log–log slope over the last decade "
                   "(bootstrap interval).</p>")
        out.append(_table(["cell", "metric", "final mean [95% CI]", "slope [95% CI]",
                           "fit range t"], rows))
    return "\n".join(out)


def paired_section(results):
    out = ["<h2 id=\"paired\">Paired comparisons</h2>"]
    p = results.paired
    if p is None or not len(p):
        out.append('<p class="note">No paired comparisons (the spec names no baseline).</p>')
        return "\n".join(out)
    cells = results.cells.set_index("cell_id")

    def name(cid):
        return (f"{cells.loc[cid, 'label']} on {cells.loc[cid, 'environment_label']}, "
                f"T={cells.loc[cid, 'horizon']}" if cid in cells.index else cid)
    rows = []
    for r in p.to_dict("records"):
        pct = (100.0 * float(r["mean_difference"]) / float(r["baseline_mean"])
               if _finite(r.get("baseline_mean")) and float(r["baseline_mean"]) != 0 else math.nan)
        rows.append([name(r["cell_id"]), r["baseline"], r["metric"],
                     (_interval(r["mean_difference"], r["ci_low"], r["ci_high"]), "num"),
                     (_num(r["baseline_mean"]), "num"), (_num(pct, 3), "num"),
                     (esc(r.get("replicates", "")), "num")])
    out.append(_table(["cell", "baseline", "metric", "mean difference (cell − baseline) "
                       "[95% CI]", "baseline mean", "difference %", "replicates"], rows))
    return "\n".join(out)


def _png_data_uri(fig, dpi):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def figures_section(named_figures, dpi):
    out = ["<h2 id=\"figures\">Figures</h2>"]
    for name, fig in named_figures:
        out.append(f'<figure><img alt="{esc(name)}" src="{_png_data_uri(fig, dpi)}">'
                   f"<figcaption>{esc(name)}</figcaption></figure>")
    if not named_figures:
        out.append('<p class="note">No figure could be drawn from this file.</p>')
    return "\n".join(out)


def render_page(results, named_figures=None, dpi=80):
    if named_figures is None:
        named_figures = all_figures(results)
    title = f"regretlab: {results.name or os.path.basename(results.path)}"
    body = [f"<h1>{esc(title)}</h1>",
            f'<p class="note">{esc(results.path)} — schema {esc(results.schema_version)}, '
            f"{len(results.cells)} cells</p>",
            claims_section(results), provenance_section(results), verdicts_section(results),
            rates_section(results), paired_section(results),
            figures_section(named_figures, dpi)]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n"
            f"<script>{SCRIPT}</script>\n</head>\n<body>\n" + "\n".join(body)
            + "\n</body>\n</html>\n")


def write_page(results, out_path, named_figures=None, dpi=80):
    """Write the page to out_path (overwritten if present); returns out_path."""
    text = render_page(results, named_figures, dpi)
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return out_path
