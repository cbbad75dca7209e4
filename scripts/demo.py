#!/usr/bin/env python3
"""The README's main job: analyze every sample and compare with what it must produce.

    demo.py --repo REPO --build BUILD

1. Static analysis: `interlock check` over samples/*.cpp, findings printed as a user sees
   them, then scored against the samples' `// EXPECT:` markers.
2. Instrumented runs, when this build has them: each buggy sample under `interlock run`.
3. Stress, when this build has it: each buggy sample under `interlock stress`.
Without the instrumented-run tools (no interlock-c++ in the build), the dynamic modes are
skipped and the samples are run natively with their lessons shown.
Exit status: 0 once every mode ran (a mismatch is shown in the summary; the test suite
is what enforces the thresholds), 2 when the samples' expectations do not parse.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expectations  # noqa: E402
import run_sample  # noqa: E402

STATIC_KINDS = list(expectations.KINDS)
DYNAMIC_KINDS = ["data-race", "lock-order-inversion", "missing-join", "double-lock", "lock-leak"]


def banner(text: str) -> None:
    print(f"\n=== {text} ===", flush=True)


def score(findings_json: str, sources: list[str], kinds: list[str]) -> bool:
    """Prints per-kind precision/recall; True when everything matched."""
    proc = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "expectations.py"),
                           "score", "--findings", findings_json, "--kinds", ",".join(kinds), *sources],
                          capture_output=True, text=True)
    lines = proc.stdout.splitlines()
    per_kind = lines.index("per kind:") if "per kind:" in lines else len(lines)
    for line in lines[:per_kind]:
        if not line.startswith("PASS"):
            print("  " + line)
    for line in lines[per_kind:]:
        print("  " + line)
    if proc.returncode not in (0, 1):
        print(proc.stderr, file=sys.stderr)
    return proc.returncode == 0


def static_analysis(interlock: str, sources: list[str], out_dir: str) -> bool | None:
    banner("interlock check: static analysis of the samples")
    text = subprocess.run([interlock, "check", "--quiet", *sources, "--", "-std=c++20"],
                          capture_output=True, text=True)
    print(text.stdout, end="")
    if text.returncode == 2:
        print(text.stderr, end="", file=sys.stderr)
    findings = os.path.join(out_dir, "check.json")
    subprocess.run([interlock, "check", "--quiet", "--format=json", f"--output={findings}",
                    *sources, "--", "-std=c++20"], capture_output=True, text=True)
    return score(findings, sources, STATIC_KINDS)


def build_instrumented(build: str, samples: list[expectations.Sample]) -> dict[str, str]:
    """Builds each buggy sample with interlock-c++; returns {sample file: binary}."""
    wrapper = os.path.join(build, "bin", "interlock-c++")
    if not os.path.exists(wrapper):
        return {}
    out_dir = os.path.join(build, "samples-instrumented")
    os.makedirs(out_dir, exist_ok=True)
    binaries = {}
    for sample in samples:
        if sample.expect_none or not any(e.kind in DYNAMIC_KINDS for e in sample.expectations):
            continue
        name = os.path.splitext(os.path.basename(sample.file))[0]
        binary = os.path.join(out_dir, f"sample-{name}")
        # Always rebuilt: a binary left by another checkout would point at its sources.
        built = subprocess.run([wrapper, "-std=c++20", sample.file, "-o", binary],
                               capture_output=True, text=True)
        if built.returncode != 0:
            print(f"  {name}: instrumented build failed:\n{built.stderr}")
            continue
        binaries[sample.file] = binary
    return binaries


def dynamic_mode(interlock: str, mode: str, binaries: dict[str, str],
                 samples: list[expectations.Sample], out_dir: str) -> bool | None:
    banner(f"interlock {mode}: buggy samples, instrumented")
    if not binaries:
        print("  (not in this build)")
        return None
    all_findings: list[dict] = []
    for sample in samples:
        binary = binaries.get(sample.file)
        if not binary:
            continue
        name = os.path.splitext(os.path.basename(sample.file))[0]
        out = os.path.join(out_dir, f"{mode}-{name}.json")
        timeout = {"hangs": "3", "may-hang": "5"}.get(sample.run, "20")
        args = [interlock, mode, "--format=json", f"--output={out}", "--timeout", timeout]
        if mode == "stress":
            args += ["--quiet", "--runs", "20", "--seed", "1"]
        subprocess.run([*args, "--", binary], capture_output=True, text=True)
        found = []
        if os.path.exists(out):
            with open(out) as f:
                found = json.load(f).get("findings", [])
        all_findings += found
        checks = sorted({f["check"] for f in found})
        print(f"  {name}: {', '.join(checks) if checks else 'no findings'}", flush=True)
    merged = os.path.join(out_dir, f"{mode}.json")
    with open(merged, "w") as f:
        json.dump({"findings": all_findings}, f)
    return score(merged, list(binaries), DYNAMIC_KINDS)


def native_runs(build: str, samples: list[expectations.Sample]) -> bool:
    banner("samples run natively: lesson and behaviour")
    ok = True
    for sample in samples:
        name = os.path.splitext(os.path.basename(sample.file))[0]
        binary = os.path.join(build, "samples", f"sample-{name}")
        timeout = 3 if sample.run == "hangs" else 5
        outcome, detail, _, _, seconds = run_sample.run(binary, timeout)
        as_declared = run_sample.verdict(sample.run, outcome, detail)
        ok &= as_declared
        print(f"- {name} [{sample.run}]: {sample.lesson}")
        print(f"    {run_sample.describe(outcome, detail, seconds, timeout)}"
              f"{'' if as_declared else '  <-- not as declared'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build", required=True)
    args = parser.parse_args()
    sources = sorted(glob.glob(os.path.join(args.repo, "samples", "*.cpp")))
    samples, errors = expectations.parse_files(sources)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    interlock = os.path.join(args.build, "bin", "interlock")
    results = {}
    with tempfile.TemporaryDirectory(prefix="interlock-demo-") as out_dir:
        results["check"] = static_analysis(interlock, sources, out_dir)
        binaries = build_instrumented(args.build, samples)
        results["run"] = dynamic_mode(interlock, "run", binaries, samples, out_dir)
        results["stress"] = dynamic_mode(interlock, "stress", binaries, samples, out_dir)
    if all(r is None for r in results.values()):
        results["native"] = native_runs(args.build, samples)
    banner("summary")
    for mode, result in results.items():
        verdict = "not in this build" if result is None else ("matches expectations" if result else "differs from expectations (see above)")
        print(f"  interlock {mode}: {verdict}")
    # The scores above are the point of the demo; the test suite holds the thresholds.
    return 0


if __name__ == "__main__":
    sys.exit(main())
