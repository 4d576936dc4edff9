"""EXP3 written in Python: a line-by-line port of algorithms/bandit/exp3.cc with
random::SampleCategorical (sim/random/samplers.h). It is randomised: its one draw per round is
rng.uniform01() from the learner's keyed stream, the draw the C++ `exp3` makes, so on the same
spec and seed both play the same arms (docs/python.md, "Porting a learner").
"""

import math


def _neumaier_add(total, compensation, value):
    nxt = total + value
    if abs(total) >= abs(value):
        compensation += (total - nxt) + value
    else:
        compensation += (value - nxt) + total
    return nxt, compensation


def sample_categorical(rng, probabilities):
    total, compensation = 0.0, 0.0
    for p in probabilities:
        total, compensation = _neumaier_add(total, compensation, p)
    mass = total + compensation
    target = rng.uniform01() * mass
    total, compensation, last_positive = 0.0, 0.0, 0
    for i, p in enumerate(probabilities):
        if not p > 0.0:
            continue
        total, compensation = _neumaier_add(total, compensation, p)
        if target < total + compensation:
            return i
        last_positive = i
    return last_positive


class Exp3Py:
    def __init__(self, eta=0.0):
        self.eta = eta

    def reset(self, info):
        self.min = info.reward_min
        self.width = info.reward_max - info.reward_min
        self.num_arms = info.num_arms
        if self.eta > 0.0:
            self.learning_rate = self.eta
        else:
            k, t = float(info.num_arms), float(info.horizon)
            self.learning_rate = math.sqrt(2.0 * math.log(k) / (k * t))
        self.loss_sums = [0.0] * info.num_arms
        self.loss_carries = [0.0] * info.num_arms
        self.probabilities = [1.0 / float(info.num_arms)] * info.num_arms

    def select(self, rng):
        estimates = [s + c for s, c in zip(self.loss_sums, self.loss_carries)]
        min_loss = math.inf
        for e in estimates:
            min_loss = min(min_loss, e)
        weights = [math.exp(-self.learning_rate * (e - min_loss)) for e in estimates]
        total = 0.0
        for w in weights:
            total += w
        self.probabilities = [w / total for w in weights]
        return sample_categorical(rng, self.probabilities)

    def update(self, arm, reward):
        loss = 1.0 - (reward - self.min) / self.width
        estimate = loss / self.probabilities[arm]
        self.loss_sums[arm], self.loss_carries[arm] = _neumaier_add(
            self.loss_sums[arm], self.loss_carries[arm], estimate)
