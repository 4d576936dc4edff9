"""Online projected gradient descent written in Python for the online_convex protocol: a port of
algorithms/oco/ogd.cc (convex step eta_t = D/(G sqrt t)), same arithmetic in the same order and
the same projection (info.domain.project is the C++ Domain::Project), so on the same spec and
seed it plays the same points as the C++ `ogd` (docs/python.md, "Porting a learner").

    import regretlab
    from ogd_py import OgdPy
    regretlab.register_online_convex_learner("py_ogd", OgdPy)
"""

import math

import numpy as np


class OgdPy:
    def __init__(self):
        self.x = None

    def check(self, info):
        # oco_common.h NeedsGradientBound: the step needs G > 0.
        if not info.gradient_bound > 0:
            return "py_ogd needs a gradient bound G > 0"
        return ""

    def reset(self, info):
        self.domain = info.domain
        self.gradient_bound = info.gradient_bound
        self.x = np.asarray(self.domain.centre(), dtype=float)
        self.t = 0
        self.step = math.nan

    def play(self):
        return self.x

    def update(self, gradient):
        self.t += 1
        self.step = self.domain.diameter / (self.gradient_bound * math.sqrt(float(self.t)))
        # x - step * g elementwise (no fused multiply-add, like the C++ build), then the exact
        # projection of the C++ Domain.
        self.x = self.domain.project(self.x - self.step * gradient)

    def step_size(self):
        return self.step
