"""Figure functions on the synthetic v2 file: panels, legends, colours, scales."""

import os

import matplotlib.colors as mcolors
import pytest

import regretlab
from regretlab import figures


def lines_by_label(fig):
    out = {}
    for ax in fig.axes:
        for line in ax.get_lines():
            out.setdefault(line.get_label(), set()).add(mcolors.to_hex(line.get_color()))
    return out


def test_curves_figure(results):
    fig = figures.curves_figure(results)
    # panels: bernoulli gap 0.1, gap 0.5, switching (failed thompson cell left out); 2 axes each
    assert len(fig.axes) == 6
    titles = [ax.get_title() for ax in fig.axes[::2]]
    assert "gap=0.1" in titles[0] and "gap=0.5" in titles[1] and "switching" in titles[2]
    assert "T=" not in "".join(titles)                      # T does not vary between panels
    assert "T=100" in fig._suptitle.get_text()
    # one figure legend, none on the axes
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in fig.axes)
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts.count("95% CI") == 1
    assert texts.count("bound: ucb1_auer2002") == 1 and texts.count("bound: lai_robbins") == 1
    labels = ["thompson", "ucb1{anytime=true,exploration=2}", "ucb1{anytime=false,exploration=1}"]
    assert [t for t in texts if not t.startswith(("bound", "95%"))] == labels
    # one colour per algorithm identity, the same in every panel, distinct between algorithms
    colours = lines_by_label(fig)
    for label in labels:
        assert len(colours[label]) == 1, label
    assert len({next(iter(colours[l])) for l in labels}) == 3
    # one metric per axis: expected_regret on bernoulli panels, pseudo_regret on switching
    ylabels = [ax.get_ylabel().split("\n")[0] for ax in fig.axes]
    assert ylabels == ["expected_regret"] * 4 + ["pseudo_regret"] * 2
    # negatives -> symlog on that log panel; log elsewhere
    assert [ax.get_yscale() for ax in fig.axes[1::2]] == ["log", "log", "symlog"]
    assert "symlog" in fig.axes[5].get_title()
    # the loose UCB1 bound runs off the linear panel, which keeps the data's range
    ax = fig.axes[0]
    assert ax.get_ylim()[1] < 500 and any("runs off" in t.get_text() for t in ax.texts)


def test_curves_figure_options(results):
    fig = figures.curves_figure(results, metric="pseudo_regret", cells="ucb1", bounds=False)
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert not any(t.startswith("bound") for t in texts)
    assert "thompson" not in texts
    with pytest.raises(regretlab.ResultError, match="bogus"):
        figures.curves_figure(results, metric="bogus")
    with pytest.raises(regretlab.ResultError, match="no cell matches"):
        figures.curves_figure(results, cells="nothing-like-this")


def test_sweeps_figure(results):
    fig = figures.sweeps_figure(results)
    assert len(fig.axes) == 1                     # both sweeps share parameter and context
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    texts = [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]
    assert any("b = -0.5 [-0.6, -0.4]" in t for t in texts)
    assert any("theory ucb1_auer2002 slope -1" in t for t in texts)
    assert any(t.startswith("thompson") and "no fit" in t for t in texts)


def test_sweeps_figure_needs_sweeps(golden):
    r = regretlab.load(os.path.join(golden, "latent_mdp.h5"))
    with pytest.raises(regretlab.ResultError, match="no /sweeps"):
        figures.sweeps_figure(r)


def test_verdicts_figure(results):
    fig = figures.verdicts_figure(results)
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "holds (unverified term dominates)" in texts
    assert "inconclusive (too few replicates)" in texts
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["lai_robbins", "ucb1_auer2002"]
    assert len(ax.get_yticklabels()) == 4


def test_protocol_registry(results):
    seen = []

    def dummy(r):
        seen.append(r)
        return figures.Figure()
    figures.register("bandit", "dummy_test", dummy)
    try:
        names = [n for n, _ in figures.protocol_figures(results)]
        assert "bandit_dummy_test" in names and seen == [results]
    finally:
        figures._REGISTRY["bandit"] = [e for e in figures._REGISTRY["bandit"]
                                       if e[0] != "dummy_test"]


@pytest.mark.parametrize("name,figure", [("online_convex", "online_convex_sea_phase_diagram"),
                                         ("latent_mdp", "latent_mdp_table"),
                                         ("contextual_bandit", "contextual_bandit_summary")])
def test_protocol_modules_register_their_figures(golden, name, figure):
    r = regretlab.load(os.path.join(golden, f"{name}.h5"))
    names = [n for n, _ in figures.protocol_figures(r)]
    assert names == [figure]


def test_all_figures(results):
    names = [n for n, _ in figures.all_figures(results)]
    assert names[:3] == ["curves", "sweeps", "verdicts"]
