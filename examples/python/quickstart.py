"""The quick-start figure from Python (docs/python.md): run experiments/quickstart.toml through
the engine and draw its regret curves with the package's figure function.

    /usr/bin/python3 examples/python/quickstart.py [--replicates N] [-o quickstart.png]
"""

import argparse
import os

import regretlab
from regretlab.figures import curves_figure

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

parser = argparse.ArgumentParser()
parser.add_argument("--replicates", type=int, default=40)
parser.add_argument("-o", "--output", default="quickstart.png")
args = parser.parse_args()

results = regretlab.run(os.path.join(REPO, "experiments", "quickstart.toml"),
                        overrides={"replicates": args.replicates}, progress=True)
print(results.verdicts()[["cell_id", "bound", "verdict", "max_ratio"]].to_string(index=False))
curves_figure(results, metric="pseudo_regret").savefig(args.output)
print(f"wrote {args.output} (results: {results.path})")
