#!/usr/bin/env python3
"""Benchmark `interlock stress`: runs until first detection per strategy, parallel
efficiency, replay rate.

For every buggy sample with a bug a run can show (an EXPECT marker of a dynamic kind) and the classic shapes
in bench/stress/programs/, run `interlock stress --jobs 1 --stop-on CHECKS` under each
strategy (portfolio, random, pct, pct-access, race, delay, none) for several base seeds and
report the median number of runs until the first detection (">N" = not found within N
runs). The access-level shapes (lost update, lazy init, early publication, torn write)
fail with an assertion; the harmless race must never fail (">N" everywhere is right).
Then runs/s at --jobs 1..cores on one program (parallel efficiency), how many of R
replays of a failing seed reproduce its decision digest, and (part "confirm") what
`interlock stress --confirm` says of each access-level shape's static race findings
(the harmless race must be "met in both orders, no failure").

    bench/stress/bench.py --build build            # default: modest (a few minutes)
    bench/stress/bench.py --build build --full     # more seeds, more runs
    bench/stress/bench.py --build build --shapes-only   # the shapes, no samples
    bench/stress/bench.py --build build --shapes lostupdate,torn --parts detection
    bench/stress/bench.py --build build --parts efficiency,replay
    bench/stress/bench.py --build build --parts confirm
"""
import argparse, json, os, re, shlex, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import expectations  # noqa: E402

# The sample kinds a run can show; a sample whose bugs are all of other kinds (a wait
# without a predicate, say) has nothing for stress to detect and is left out.
DYNAMIC_KINDS = {"data-race", "lock-order-inversion", "missing-join", "double-lock",
                 "lock-leak"}
STRATEGIES = ["portfolio", "random", "pct", "pct-access", "race", "delay", "none"]
DYNAMIC = "interlock-tsan-data-race,interlock-lock-order-inversion,interlock-missing-join," \
          "interlock-double-lock,interlock-deadlock,interlock-lock-leak"
SHAPES = {  # program -> check ids that mean "the bug was detected"
    "atomicity": "interlock-program-crash",
    "order": "interlock-program-crash",
    "abba": "interlock-deadlock,interlock-program-timeout",
    "lostwakeup": "interlock-deadlock,interlock-program-timeout",
    # access level: a window between two plain memory accesses
    "lostupdate": "interlock-program-crash",
    "lazyinit": "interlock-program-crash",
    "earlypub": "interlock-program-crash",
    "torn": "interlock-program-crash",
    "harmless": "interlock-program-crash",  # must never fail
}


def build(cxx, src, out):
    subprocess.run([cxx, "-std=c++20", src, "-o", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def first_detection(interlock, prog, strategy, seed, max_runs, stop_on, timeout, tmp):
    summary = os.path.join(tmp, "summary.json")
    subprocess.run([interlock, "stress", "-q", "--jobs", "1", "--runs", str(max_runs),
                    "--seed", str(seed), "--strategy", strategy, "--stop-on", stop_on,
                    "--timeout", str(timeout), "--summary", summary, "--format", "json",
                    "-o", os.devnull, "--", prog], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    s = json.load(open(summary))
    r = s.get("first_detection_run")
    return None if r is None else r + 1


def fmt(values, max_runs):
    found = [v for v in values if v is not None]
    if len(found) * 2 <= len(values):  # median not found
        return f">{max_runs}"
    vals = sorted(v if v is not None else max_runs + 1 for v in values)
    m = statistics.median(vals)
    return f"{m:g}" if m <= max_runs else f">{max_runs}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--full", action="store_true", help="5 seeds, 500 runs, all samples")
    ap.add_argument("--out", help="write the results as JSON here")
    ap.add_argument("--parts", default="detection,efficiency,replay",
                    help="which parts to run, comma-separated (default: all three)")
    ap.add_argument("--shapes-only", action="store_true",
                    help="first detection on the shapes only, not the samples")
    ap.add_argument("--shapes", help="only these shapes (comma-separated); implies --shapes-only")
    ap.add_argument("--strategies", default=",".join(STRATEGIES),
                    help="which strategies (comma-separated; default: all)")
    ap.add_argument("--seeds", type=int, help="number of base seeds (default 3, --full 5)")
    ap.add_argument("--eff-rounds", type=int, default=3,
                    help="rounds of the efficiency part, --jobs 1..cores taking turns "
                         "(default 3; the median per --jobs is compared)")
    a = ap.parse_args()
    parts = set(a.parts.split(","))
    if a.shapes:
        a.shapes_only = True
    interlock = os.path.join(a.build, "bin", "interlock")
    cxx = os.path.join(a.build, "bin", "interlock-c++")
    seeds = [1000, 2000, 3000, 4000, 5000] if a.full else [1000, 2000, 3000]
    if a.seeds:
        seeds = [1000 * (i + 1) for i in range(a.seeds)]
    strategies = a.strategies.split(",")
    max_runs = 500 if a.full else 200
    tmp = tempfile.mkdtemp(prefix="interlock-bench-")
    progs = []
    for name in [] if a.shapes_only else sorted(os.listdir(os.path.join(ROOT, "samples"))):
        src = os.path.join(ROOT, "samples", name)
        if name.endswith(".cpp") and any(
                e.kind in DYNAMIC_KINDS for e in expectations.parse_file(src).expectations):
            progs.append((name[:-4], src, DYNAMIC))
    for name, checks in SHAPES.items():
        if a.shapes and name not in a.shapes.split(","):
            continue
        progs.append((f"shape:{name}", os.path.join(HERE, "programs", name + ".cpp"), checks))
    results = {}
    for name, src, _ in [] if "detection" in parts else progs:
        if name == "shape:atomicity":  # the other parts run on it
            build(cxx, src, os.path.join(tmp, "shape_atomicity"))
    progs = progs if "detection" in parts else []
    if progs:
        print(f"runs to first detection (median over {len(seeds)} base seeds, --jobs 1, "
          f"max {max_runs})")
        print(f"{'program':36}" + "".join(f"{s:>11}" for s in strategies) +
              f"{'none/portf.':>13}")
    for name, src, checks in progs:
        exe = os.path.join(tmp, name.replace(":", "_"))
        build(cxx, src, exe)
        row = {}
        for strat in strategies:
            n = max_runs if (strat != "none" or name.startswith("shape:")) else 50
            vals = [first_detection(interlock, exe, strat, seed, n, checks, 3, tmp)
                    for seed in seeds]
            row[strat] = {"values": vals, "median": fmt(vals, n)}
        results[name] = row
        p = row.get("portfolio", {}).get("median", ">")
        n = row.get("none", {}).get("median", ">")
        if p.startswith(">") or n == ">":
            gain = "-"
        elif n.startswith(">"):
            gain = f">{float(n[1:]) / float(p):.0f}x"
        else:
            gain = f"{float(n) / float(p):.1f}x"
        print(f"{name:36}" + "".join(f"{row[s]['median']:>11}" for s in strategies) +
              f"{gain:>13}", flush=True)

    # Parallel efficiency: runs/s at --jobs 1..cores, no early stop. The --jobs values
    # take turns, round after round, so that a change in the machine's load (other users'
    # builds) hits them alike; the median of each is compared, and the load is printed.
    exe = os.path.join(tmp, "shape_atomicity")
    if ("efficiency" in parts or "replay" in parts) and not os.path.exists(exe):
        build(cxx, os.path.join(HERE, "programs", "atomicity.cpp"), exe)
    cores = os.cpu_count() or 1
    rates, samples = {}, {}
    runs = 60 if not a.full else 200
    load_before = os.getloadavg()[0]
    for _ in range(a.eff_rounds) if "efficiency" in parts else []:
        for jobs in range(1, cores + 1):
            summary = os.path.join(tmp, "eff.json")
            subprocess.run([interlock, "stress", "-q", "--jobs", str(jobs), "--runs", str(runs),
                            "--seed", "1", "--strategy", "random", "--summary", summary,
                            "--format", "json", "-o", os.devnull, "--", exe],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            samples.setdefault(jobs, []).append(json.load(open(summary))["runs_per_second"])
    rates = {j: statistics.median(r) for j, r in samples.items()}
    eff = rates[cores] / (rates[1] * cores) if rates.get(1) and cores in rates else 0
    if rates:
        print("runs/s (median of " + str(a.eff_rounds) + " rounds): " +
              ", ".join(f"--jobs {j}: {r:.1f}" for j, r in rates.items()) +
              f"; parallel efficiency at {cores} cores: {eff:.0%} (per round: " +
              ", ".join(f"{samples[cores][i] / (samples[1][i] * cores):.0%}"
                        for i in range(len(samples[1]))) +
              f"; load {load_before:.1f} before, {os.getloadavg()[0]:.1f} after)")

    # Replay: the first failing seed of the atomicity window, replayed R times.
    seed, same, failing, digests = None, 0, 0, []
    if "replay" in parts:
        summary = os.path.join(tmp, "rep.json")
        subprocess.run([interlock, "stress", "-q", "--jobs", "1", "--runs", "200", "--seed", "1",
                        "--strategy", "portfolio", "--stop-on", "interlock-program-crash",
                        "--summary", summary, "--format", "json", "-o", os.devnull, "--", exe],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        s = json.load(open(summary))
        first = next((f for f in s["findings"] if f["check"] == "interlock-program-crash"),
                     None)
        seed = first["first_seed"] if first else None
        # The replay command carries the run's strategy options (a race-directed run's
        # race): interlock replay OPTIONS -- PROGRAM.
        replay_opts = shlex.split(first["replay"])[2:-2] if first else []
        reps = 100 if a.full else 30
        digests = []
        failing = 0
        for _ in range(reps if seed is not None else 0):
            p = subprocess.run([interlock, "replay"] + replay_opts + ["--", exe],
                               capture_output=True, text=True)
            m = re.search(r"digest ([0-9a-f]+)", p.stderr)
            digests.append(m.group(1) if m else None)
            failing += "interlock-program-crash" in p.stdout
        same = digests.count(digests[0]) if digests else 0
        print(f"replay: seed {seed}: {same}/{len(digests)} same decisions, "
              f"{failing}/{len(digests)} failing the same way")
    # Confirmation: `interlock check` finds each access-level shape's race statically;
    # `stress --confirm` aims race-directed runs at it.
    verdicts = {}
    for name in ["lostupdate", "lazyinit", "earlypub", "torn", "harmless"] \
            if "confirm" in parts else []:
        src = os.path.join(HERE, "programs", name + ".cpp")
        exe = os.path.join(tmp, "confirm_" + name)
        build(cxx, src, exe)
        sarif = os.path.join(tmp, name + ".sarif")
        with open(sarif, "w") as f:
            subprocess.run([interlock, "check", "--format=sarif", src, "--", "-std=c++20"],
                           stdout=f, stderr=subprocess.DEVNULL)
        p = subprocess.run([interlock, "stress", "--confirm", sarif, "--seed", "1", "--jobs",
                            "1", "--", exe], capture_output=True, text=True)
        lines = [l for l in p.stdout.splitlines() if not l.startswith(" ")]
        verdicts[name] = [l.split(": ", 1)[1].rsplit(" [", 1)[0] for l in lines]
        print(f"confirm shape:{name:14} " + "; ".join(verdicts[name]), flush=True)
    if a.out:
        json.dump({"confirm": verdicts,"first_detection": results, "runs_per_second": rates,
                   "parallel_efficiency": eff,
                   "replay": {"seed": seed, "same": same, "failing": failing,
                              "replays": len(digests)}}, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    sys.exit(main())
