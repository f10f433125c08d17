#!/usr/bin/env python3
"""same_json.py A.json B.json TOL: every number of A equals B's within TOL."""
import json
import sys


def walk(a, b, path):
    if isinstance(a, dict):
        assert a.keys() == b.keys(), (path, a.keys(), b.keys())
        for k in a:
            walk(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]")
    elif a is None:
        assert b is None, path
    else:
        assert abs(a - b) <= float(sys.argv[3]), (path, a, b)


walk(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), "")
print("same")
