"""Replay a stress run's first seed of CHECK (default interlock-deadlock) N times; count
distinct decision digests and distinct findings (check id + locations).

    replay100.py INTERLOCK PROGRAM SUMMARY N [CHECK]"""
import json, re, shlex, subprocess, sys

interlock, program, summary, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
s = json.load(open(summary))
check = sys.argv[5] if len(sys.argv) > 5 else "interlock-deadlock"
first = next(f for f in s["findings"] if f["check"] == check)
# The replay command's options (strategy, access steps, a race-directed run's race):
# "interlock replay OPTIONS -- PROGRAM ARGS".
words = shlex.split(first["replay"])
options = words[2:words.index("--")]
digests, findings = set(), set()
for _ in range(n):
    p = subprocess.run([interlock, "replay"] + options + ["--format", "json", "--", program],
                       capture_output=True, text=True)
    digests.add(re.search(r"digest ([0-9a-f]+)", p.stderr).group(1))
    fs = json.loads(p.stdout)
    fs = fs["findings"] if isinstance(fs, dict) else fs
    findings.add(tuple(sorted((f["check"], f.get("line", 0)) for f in fs)))
checks = sorted({c for fs in findings for c, _ in fs})
print(f"replays: {n}, distinct decision digests: {len(digests)}, "
      f"distinct findings: {len(findings)}, check {' '.join(checks)}")
