"""Damages one summary cache entry (cache.test): `truncate` cuts the newest entry in
half, `garbage` overwrites it with bytes that are no entry at all."""
import os
import sys

root, how = sys.argv[1], sys.argv[2]
entries = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "summaries"))
           for f in fs if f.endswith(".json")]
newest = max(entries, key=os.path.getmtime)
data = open(newest, "rb").read()
with open(newest, "wb") as out:
    out.write(data[: len(data) // 2] if how == "truncate" else b"\x00garbage\xff" * 10)
