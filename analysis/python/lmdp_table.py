#!/usr/bin/python3
"""Table of final latent-MDP results per cell (for docs/benchmarks.md).

Usage: lmdp_table.py FILE.h5 PARAM
PARAM is the environment parameter that labels the rows (steps, p, ...). Prints a Markdown table:
final pseudo-regret mean and 95% half-width over replicates, the Var* proxies, planner iterations
and wall time per episode (wall time from /cost). Run with /usr/bin/python3 (Debian h5py).
"""
import h5py, numpy as np, re, sys
f = h5py.File(sys.argv[1], 'r')
rows = []
for cid, c in f['cells'].items():
    env = c.attrs['environment']; alg = c.attrs['algorithm']
    env = env.decode() if isinstance(env, bytes) else env
    alg = alg.decode() if isinstance(alg, bytes) else alg
    def fin(m):
        if m not in c: return float('nan'), float('nan')
        v = c[m][:, -1]; return v.mean(), 1.96 * v.std(ddof=1) / np.sqrt(len(v)) if len(v) > 1 else 0
    key = re.search(sys.argv[2] + r'=([0-9.]+)', env)
    key = key.group(1) if key else ''
    T = c.attrs['horizon']
    r, h = fin('pseudo_regret'); vo, _ = fin('var_opt'); vm, _ = fin('var_max')
    it, _ = fin('planner_iterations')
    wall = f['cost'][cid]['wall_seconds'][:, -1].mean()
    name = alg.split('{')[0]
    extra = ''
    m = re.search(r'c1=([0-9.]+)', alg)
    if m and 'value_opt' in name: extra = f' c1=c2={m.group(1)}'
    rows.append((key, T, name + extra, r, h, vo, vm, it / T, 1e3 * wall / T))
rows.sort(key=lambda x: (float(x[0]) if x[0] else 0, x[1], x[2]))
print(f"| {sys.argv[2]} | K | algorithm | final pseudo-regret (95% CI) | var_opt | var_max | planner iterations / episode | wall ms / episode |")
print("|---|---|---|---|---|---|---|---|")
for k, T, n, r, h, vo, vm, it, w in rows:
    print(f"| {k} | {T} | {n} | {r:.1f} ± {h:.1f} | {vo:.3g} | {vm:.3g} | {it:.3g} | {w:.3g} |")
