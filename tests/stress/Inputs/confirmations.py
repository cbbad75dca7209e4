"""Print each result's rule and interlockConfirmation verdict of a SARIF file, one line
each; with --replay-of STATUS INTERLOCK, print a shell script that runs the replay
command of the first result with that status with INTERLOCK (the program is $1).

    confirmations.py FILE.sarif [--replay-of STATUS INTERLOCK]"""
import json, shlex, sys

sarif = json.load(open(sys.argv[1]))
results = [r for run in sarif["runs"] for r in run.get("results", [])]
if len(sys.argv) > 3 and sys.argv[2] == "--replay-of":
    for r in results:
        c = r.get("properties", {}).get("interlockConfirmation", {})
        if c.get("status") == sys.argv[3]:
            words = shlex.split(c["replay"])
            words[0] = sys.argv[4]
            print(" ".join(shlex.quote(w) for w in words[:-1]) + ' "$1"')
            break
    sys.exit(0)
for r in results:
    c = r.get("properties", {}).get("interlockConfirmation")
    if not c:
        print(r["ruleId"], "none")
        continue
    print(r["ruleId"], c["status"], "seed=%s" % c.get("seed", "-"),
          "replay=%s" % c.get("replay", "-"))
