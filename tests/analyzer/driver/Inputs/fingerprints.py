"""Prints `check fingerprint` for each finding of an Interlock JSON or SARIF file."""
import json
import sys

doc = json.load(open(sys.argv[1]))
if "runs" in doc:
    lines = [r["ruleId"] + " " + r["partialFingerprints"]["interlockFingerprint/v2"]
             for run in doc["runs"] for r in run["results"]]
else:
    lines = [f["check"] + " " + f["fingerprint"] for f in doc["findings"]]
print("\n".join(sorted(lines)))
