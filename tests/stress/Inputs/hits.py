"""Print the runs of a stress summary that found CHECK: `hits CHECK: H of N`.

    hits.py SUMMARY CHECK"""
import json, sys

s = json.load(open(sys.argv[1]))
hits = sum(f["hits"] for f in s["findings"] if f["check"] == sys.argv[2])
print(f"hits {sys.argv[2]}: {hits} of {s['runs']}")
