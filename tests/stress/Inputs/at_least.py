"""Exit 0 if summary A found CHECK in at least as many runs as summary B did.

    at_least.py A.json B.json CHECK"""
import json, sys


def hits(path):
    s = json.load(open(path))
    return sum(f["hits"] for f in s["findings"] if f["check"] == sys.argv[3])


a, b = hits(sys.argv[1]), hits(sys.argv[2])
print(f"{sys.argv[3]}: {a} run(s) against {b}")
sys.exit(0 if a >= b else 1)
