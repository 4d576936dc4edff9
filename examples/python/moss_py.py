"""MOSS (Audibert & Bubeck 2009) written in Python: a line-by-line port of
algorithms/bandit/moss.cc, same arithmetic in the same order, so that on the same spec and seed
it plays the same arms as the C++ `moss` (docs/python.md, "Porting a learner").

    import regretlab
    from moss_py import MossPy
    regretlab.register_bandit_learner("py_moss", MossPy)
"""

import math


class MossPy:
    def __init__(self):
        self.num_arms = 0

    def reset(self, info):
        if info.horizon <= 0:
            raise ValueError("py_moss needs the announced horizon T")
        if not (math.isfinite(info.reward_min) and math.isfinite(info.reward_max)
                and info.reward_max > info.reward_min):
            raise ValueError("py_moss needs a finite reward range")
        self.min = info.reward_min
        self.width = info.reward_max - info.reward_min  # reward_scale.h: a division, not 1/w
        self.num_arms = info.num_arms
        self.horizon = float(info.horizon)
        self.means = [0.0] * info.num_arms
        self.bonuses = [0.0] * info.num_arms
        self.counts = [0] * info.num_arms
        self.unplayed = info.num_arms

    def select(self, rng):  # deterministic: draws nothing from rng
        if self.unplayed > 0:
            for arm in range(self.num_arms):
                if self.counts[arm] == 0:
                    return arm
        best_arm, best_index = 0, -math.inf
        for arm in range(self.num_arms):
            index = self.means[arm] + self.bonuses[arm]
            if index > best_index:  # strict: ties go to the lowest arm
                best_index, best_arm = index, arm
        return best_arm

    def update(self, arm, reward):
        x = (reward - self.min) / self.width
        self.counts[arm] += 1
        count = self.counts[arm]
        if count == 1:
            self.unplayed -= 1
        n = float(count)
        self.means[arm] += (x - self.means[arm]) / n
        log_ratio = math.log(self.horizon / (float(self.num_arms) * n))
        self.bonuses[arm] = math.sqrt(log_ratio / n) if log_ratio > 0.0 else 0.0


class UniformRandomPy:
    """Plays a uniformly random arm, drawn from the learner's keyed stream (rng.uniform_int)."""

    def __init__(self, offset=0):
        self.offset = offset

    def reset(self, info):
        self.num_arms = info.num_arms

    def select(self, rng):
        return (int(rng.uniform_int(self.num_arms)) + self.offset) % self.num_arms

    def update(self, arm, reward):
        pass
