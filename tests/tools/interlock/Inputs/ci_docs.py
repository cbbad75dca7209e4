#!/usr/bin/env python3
"""ci_docs.py DOCS INTERLOCK: the CI examples of docs/ci.md stay true.

docs/ci/*.yml are the YAML blocks of docs/ci.md, verbatim; every `interlock SUBCOMMAND`
line in them uses only options that `interlock SUBCOMMAND --help` lists."""
import os
import re
import subprocess
import sys

docs, interlock = sys.argv[1], sys.argv[2]
text = open(os.path.join(docs, "ci.md")).read()
blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
files = {"github-actions.yml": "steps", "gitlab-ci.yml": "jobs"}
errors = []
for block, name in zip(blocks, files):
    kept = open(os.path.join(docs, "ci", name)).read()
    if kept.split("\n", 1)[1] != block:
        errors.append(f"docs/ci/{name} is not the YAML block of docs/ci.md")

helps = {}
for block in blocks:
    # Join continued lines, then look at each interlock command.
    joined = re.sub(r"\\\n\s*", " ", block)
    joined = re.sub(r"\n\s+(--)", r" \1", joined)
    for m in re.finditer(r"interlock (check|stress|merge|summarize|run)\b([^\n|]*)", joined):
        sub, args = m.group(1), m.group(2).split(" -- ")[0]
        if sub not in helps:
            helps[sub] = subprocess.run([interlock, sub, "--help"], capture_output=True,
                                        text=True).stdout
        for opt in re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", args):
            if not re.search(r"(^|[ ,])" + re.escape(opt) + r"\b", helps[sub], re.M):
                errors.append(f"`interlock {sub}` has no option {opt} (docs/ci.md)")
for e in errors:
    print(e)
print(f"{len(blocks)} YAML blocks, {len(helps)} subcommands checked")
sys.exit(1 if errors else 0)
