#!/usr/bin/python3
"""Time per round of NeuSquareCB / NeuFastCB / NeuralUCB (diagonal) in PyTorch, the reference for
bench/neural_cb_round.cc (docs/benchmarks.md).

Same setting and update as the C++ learners: width 100, depth 2 (one hidden ReLU layer with bias,
no output bias, NTK multipliers 1 / 1/sqrt(m)), d = 64, K = 10 contexts per round from a pool of
1000 rounds; per round a forward pass on the K contexts, the exploration distribution (inverse gap
weighting, FastCB weighting) or the NeuralUCB index (K per-arm gradients, diagonal Z), a draw,
and one SGD step on the loss of the arm played. float64, CPU, torch.set_num_threads(1).
Needs Debian's python3-torch (not a dependency of regretlab).

    /usr/bin/python3 bench/neural_cb_torch.py [--rounds N]
"""
import argparse
import math
import time

import numpy as np
import torch

D, K, M, POOL = 64, 10, 100, 1000


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(D, M, bias=True, dtype=torch.float64)
        self.out = torch.nn.Linear(M, 1, bias=False, dtype=torch.float64)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x))).squeeze(-1) / math.sqrt(M)


def weights(y, gamma, fast):
    b = int(torch.argmin(y))
    if fast:
        c = y.clamp(1e-6, 1 - 1e-6)
        p = c[b] / (K * c[b] + gamma * (c - c[b]))
    else:
        p = 1.0 / (K + gamma * (y - y[b]))
    p[b] = 0
    p[b] = 1 - p.sum()
    return p


def run(kind, rounds, contexts, losses, rng):
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    params = list(net.parameters())
    diag = [torch.ones_like(p) for p in params] if kind == "neural_ucb" else None
    start = time.perf_counter()
    cpu_start = time.process_time()
    for t in range(rounds):
        x = contexts[t % POOL]
        if kind == "neural_ucb":
            f = net(x)
            width = torch.empty(K, dtype=torch.float64)
            grads = []
            for a in range(K):
                g = torch.autograd.grad(f[a], params, retain_graph=True)
                grads.append(g)
                width[a] = math.sqrt(sum(float((gi * gi / di).sum()) for gi, di in zip(g, diag)) / M)
            arm = int(torch.argmin(f.detach() - 0.1 * width))
            for di, gi in zip(diag, grads[arm]):
                di += gi * gi / M
        else:
            with torch.no_grad():
                f = net(x)
                y = torch.sigmoid(f) if kind == "neu_fast_cb" else f.clamp(0, 1)
                p = weights(y, 1000.0, kind == "neu_fast_cb")
            arm = int(rng.choice(K, p=p.numpy() / p.numpy().sum()))
        loss_value = losses[t % POOL, arm]
        opt.zero_grad()
        out = net(x[arm])
        if kind == "neu_fast_cb":
            loss = torch.nn.functional.binary_cross_entropy_with_logits(out, loss_value)
        else:
            loss = (out - loss_value) ** 2
        loss.backward()
        opt.step()
    return (time.perf_counter() - start) / rounds, (time.process_time() - cpu_start) / rounds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    contexts = torch.randn(POOL, K, D, dtype=torch.float64, generator=gen)
    contexts /= contexts.norm(dim=-1, keepdim=True)
    losses = torch.rand(POOL, K, dtype=torch.float64, generator=gen)
    rng = np.random.default_rng(0)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    print(f"{'algorithm':24s} {'rounds':>12s} {'us_per_round':>14s} {'cpu_us_round':>14s}")
    for kind in ("neu_square_cb", "neu_fast_cb", "neural_ucb"):
        seconds, cpu = run(kind, args.rounds, contexts, losses, rng)
        print(f"{kind:24s} {args.rounds:12d} {1e6 * seconds:14.2f} {1e6 * cpu:14.2f}")


if __name__ == "__main__":
    main()
