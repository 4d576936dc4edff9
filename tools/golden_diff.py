#!/usr/bin/python3
"""Summarises how /cells differ between two regretlab result files (what a golden regeneration
commit must state: the cells and the size of the change).

    tools/golden_diff.py OLD.h5 NEW.h5

Prints, per differing dataset or attribute, the largest absolute and relative difference, then a
summary line; exit status 0 when /cells are identical, 1 when they differ, 2 on bad input.
"""
import sys

import h5py
import numpy as np


def walk(group, prefix=""):
    for name, item in group.items():
        path = f"{prefix}/{name}"
        yield path, item
        if isinstance(item, h5py.Group):
            yield from walk(item, path)


def compare(old, new):
    rows = []
    old_items = dict(walk(old["cells"]))
    new_items = dict(walk(new["cells"]))
    for path in sorted(set(old_items) | set(new_items)):
        if path not in old_items or path not in new_items:
            rows.append((path, "only in " + ("new" if path in new_items else "old"), np.inf, np.inf))
            continue
        a, b = old_items[path], new_items[path]
        pairs = [(f"{path}@{key}", a.attrs[key], b.attrs.get(key)) for key in a.attrs]
        if isinstance(a, h5py.Dataset):
            pairs.append((path, a[()], b[()]))
        for where, x, y in pairs:
            if y is None:
                rows.append((where, "attribute missing in new", np.inf, np.inf))
                continue
            x, y = np.asarray(x), np.asarray(y)
            if x.dtype.kind not in "fiu" or y.dtype.kind not in "fiu" or x.shape != y.shape:
                if not np.array_equal(x, y):
                    rows.append((where, "differs (not numeric)", np.inf, np.inf))
                continue
            x, y = x.astype(float), y.astype(float)
            same = (x == y) | (np.isnan(x) & np.isnan(y))
            if same.all():
                continue
            absolute = np.abs(x - y)[~same]
            relative = absolute / np.maximum(np.abs(x)[~same], 1e-300)
            rows.append((where, f"{(~same).sum()} values", absolute.max(), relative.max()))
    return rows


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        old, new = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
    except OSError as error:
        print(f"golden_diff: {error}", file=sys.stderr)
        return 2
    rows = compare(old, new)
    for where, what, absolute, relative in rows:
        print(f"{where}: {what}, max |diff| {absolute:.3g}, max relative {relative:.3g}")
    cells = sorted({where.split("/")[1] for where, *_ in rows})
    if rows:
        print(f"{len(rows)} differing objects in {len(cells)} cells; largest |diff| "
              f"{max(r[2] for r in rows):.3g}, largest relative {max(r[3] for r in rows):.3g}")
    else:
        print("/cells identical")
    return 1 if rows else 0


if __name__ == "__main__":
    sys.exit(main())
