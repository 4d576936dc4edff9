"""latent_mdp figure conventions: every curve says which planner made it (docs/theory/lmdp.md
§6.2), and a belief-grid planner is marked approximate."""


def curve_label(algorithm):
    """'name [planner P]' for a component text naming a planner, else the text unchanged."""
    marker = 'planner="'
    start = algorithm.find(marker)
    if start < 0:
        return algorithm
    planner = algorithm[start + len(marker):].split('"', 1)[0]
    if planner == "belief_grid":
        grid = "?"
        if "belief_grid=" in algorithm:
            grid = algorithm.split("belief_grid=", 1)[1].split(",", 1)[0].split("}", 1)[0]
        planner = f"belief_grid G={grid} approx."
    return f"{algorithm.split('{', 1)[0]} [planner {planner}]"
