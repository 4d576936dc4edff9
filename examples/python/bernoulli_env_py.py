"""A Bernoulli bandit environment written in Python: arm a pays 1 with probability means[a].

Its draw is the C++ `bernoulli` environment's (random::SampleBernoulli: one uniform on [0, 1)
from the arm's keyed stream, compared with p), so on the same spec and seed every learner,
C++ or Python, sees exactly the rewards it sees against the C++ `bernoulli`.

    import regretlab
    from bernoulli_env_py import BernoulliPy
    regretlab.register_bandit_environment("py_bernoulli", BernoulliPy,
                                          params={"means": [0.3, 0.5, 0.7]})
"""


class BernoulliPy:
    bernoulli = True  # rewards in {0, 1}: bounds that need Bernoulli rewards apply

    def __init__(self, means=(0.3, 0.5, 0.7)):
        self.means = [float(m) for m in means]

    def draw(self, arm, rng):
        return 1.0 if rng.uniform01() < self.means[arm] else 0.0


class HiddenBestArmPy:
    """A per-replicate instance: reset(rng) hides the best arm (mean high) among K arms of mean
    low, drawn from the environment's instance stream, so replicates differ but are keyed."""

    bernoulli = True

    def __init__(self, num_arms=5, low=0.4, high=0.6):
        self.num_arms, self.low, self.high = int(num_arms), float(low), float(high)
        self.means = [self.low] * self.num_arms

    def reset(self, rng):
        best = int(rng.uniform_int(self.num_arms))
        self.means = [self.high if a == best else self.low for a in range(self.num_arms)]

    def draw(self, arm, rng):
        return 1.0 if rng.uniform01() < self.means[arm] else 0.0
