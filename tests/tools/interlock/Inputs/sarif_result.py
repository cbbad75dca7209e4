"""Fails, printing them, if the SARIF Multitool's validation log has any result."""
import json
import sys

doc = json.load(open(sys.argv[1], encoding="utf-8-sig"))
results = [r for run in doc.get("runs", []) for r in run.get("results", [])]
for r in results:
    message = r.get("message", {})
    print(r.get("level", "warning"), r.get("ruleId", "?"), message.get("id", ""),
          message.get("text", ""))
    for arg in r.get("message", {}).get("arguments", []):
        print("   ", arg)
sys.exit(1 if results else 0)
