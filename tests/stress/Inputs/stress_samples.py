"""Build every buggy sample with interlock-c++, run `interlock stress` on it, and merge
the JSON findings into one file for scripts/expectations.py score."""
import json, os, subprocess, sys

bindir, samples, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
tmp = out + ".d"
os.makedirs(tmp, exist_ok=True)
merged = []
for name in sorted(os.listdir(samples)):
    src = os.path.join(samples, name)
    if not name.endswith(".cpp") or "// EXPECT:" not in open(src).read():
        continue
    exe = os.path.join(tmp, name[:-4])
    subprocess.run([os.path.join(bindir, "interlock-c++"), "-std=c++20", src, "-o", exe],
                   check=True)
    js = exe + ".json"
    subprocess.run([os.path.join(bindir, "interlock"), "stress", "-q", "--runs", runs,
                    "--seed", "1", "--timeout", "10", "--format", "json", "-o", js, "--", exe])
    data = json.load(open(js))
    merged += data["findings"] if isinstance(data, dict) else data
json.dump(merged, open(out, "w"))
