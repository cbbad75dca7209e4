#!/usr/bin/env python3
"""Parse, validate and score the machine-readable expectations of Interlock samples.

Every sample (``samples/<name>.cpp``) starts with a header::

    // LESSON: <sentence(s)>
    //   <continuation lines start with "//" followed by two spaces>
    // RUN: <exit0 | hangs | aborts | may-hang>
    // EXPECT-NONE                  (correct samples only)

and buggy samples carry inline markers at the end of the line where a finding's
location falls::

    balance = current + amount;   // EXPECT: data-race
    std::thread t(work);          // EXPECT: missing-join, data-race

See docs/samples.md for the full format and the matching rules.

Python API (stdlib only; import with ``sys.path.insert(0, <repo>/scripts)``):

* ``parse_file(path) -> Sample`` raises ``ExpectationError`` (all problems of
  the file, each ``file:line: error: ...``) when the file is malformed.
* ``Sample``: ``file``, ``lesson``, ``run``, ``expect_none``,
  ``expectations`` (list of ``Expectation(kind, line)``).
* ``match(expectations, findings, kinds=None) -> MatchResult``: compares
  findings (dicts ``{kind, file, line, related: [{file, line}]}``) to the
  expectations of one or more samples and returns true positives, false
  positives and false negatives (see ``match`` for the rules).

CLI::

    expectations.py validate FILES...
    expectations.py json FILES...
    expectations.py markdown FILES...
    expectations.py score --findings FINDINGS.json [--kinds k1,k2] FILES...
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Iterable, Sequence

KINDS = (
    "data-race",
    "missing-join",
    "lock-order-inversion",
    "double-lock",
    "lock-leak",
    "cv-wait-without-predicate",
)
RUN_VALUES = ("exit0", "hangs", "aborts", "may-hang")

__all__ = [
    "KINDS",
    "RUN_VALUES",
    "Expectation",
    "Sample",
    "ExpectationError",
    "parse_file",
    "parse_text",
    "parse_files",
    "Match",
    "MatchResult",
    "match",
    "load_findings",
]


@dataclass(frozen=True)
class Expectation:
    """One expected finding: a kind on a 1-based line of ``file``."""

    kind: str
    line: int
    file: str = ""

    def to_json(self) -> dict:
        return {"kind": self.kind, "line": self.line}


@dataclass
class Sample:
    file: str
    lesson: str
    run: str
    expect_none: bool
    expectations: list[Expectation] = field(default_factory=list)

    @property
    def name(self) -> str:
        return os.path.splitext(os.path.basename(self.file))[0]

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "lesson": self.lesson,
            "run": self.run,
            "expect_none": self.expect_none,
            "expectations": [e.to_json() for e in self.expectations],
        }


class ExpectationError(Exception):
    """A sample's header or markers are malformed. ``errors`` lists every
    problem as ``file:line: error: message``."""

    def __init__(self, errors: Sequence[str]):
        super().__init__("\n".join(errors))
        self.errors = list(errors)


# `//` comment text; we only look at line comments (the format is defined on them).
_COMMENT_RE = re.compile(r"//(.*)$")
_LESSON_RE = re.compile(r"^// LESSON: (\S.*)$")
_CONT_RE = re.compile(r"^//   (\S.*)$")
_RUN_RE = re.compile(r"^// RUN: (\S+)\s*$")
_NONE_RE = re.compile(r"^// EXPECT-NONE\s*$")
_MARKER_RE = re.compile(r"^ EXPECT:(?: (.*))?$")


def _comment_text(line: str) -> str | None:
    """Text after the first `//` that is not inside a string literal, or None."""
    in_str: str | None = None
    i = 0
    while i < len(line):
        c = line[i]
        if in_str:
            if c == "\\":
                i += 2
                continue
            if c == in_str:
                in_str = None
        elif c in "\"'":
            in_str = c
        elif line.startswith("//", i):
            return line[i + 2:]
        i += 1
    return None


def parse_text(text: str, file: str = "<input>") -> Sample:
    """Parse one sample's source text. Raises ExpectationError."""
    errors: list[str] = []

    def err(lineno: int, msg: str) -> None:
        errors.append(f"{file}:{lineno}: error: {msg}")

    lines = text.splitlines()
    lesson_parts: list[str] = []
    lesson_line = 0
    lesson_seen = False  # a LESSON line was present, even a malformed one
    run: str | None = None
    run_line = 0
    run_seen = False  # a RUN line was present, even a malformed one
    none_line = 0
    expect_seen = False  # an EXPECT comment was present, even a malformed one
    expectations: list[Expectation] = []
    in_lesson = False
    in_header = True  # still inside the leading comment block

    for idx, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        whole_line_comment = stripped.startswith("//")
        if in_header and stripped and not whole_line_comment:
            in_header = False

        if whole_line_comment and stripped.startswith("// LESSON"):
            lesson_seen = True
            in_lesson = False
            m = _LESSON_RE.match(stripped)
            if not m:
                err(idx, "malformed LESSON line (expected '// LESSON: <text>')")
            elif lesson_line:
                err(idx, f"duplicate LESSON (first at line {lesson_line})")
            elif not in_header:
                err(idx, "LESSON must be in the comment block at the top of the file")
            else:
                lesson_line = idx
                lesson_parts = [m.group(1).strip()]
                in_lesson = True
            continue
        if in_lesson and whole_line_comment:
            m = _CONT_RE.match(raw.rstrip())
            if m and "EXPECT" not in m.group(1):
                lesson_parts.append(m.group(1).strip())
                continue
        in_lesson = False

        if whole_line_comment and stripped.startswith("// RUN"):
            run_seen = True
            m = _RUN_RE.match(stripped)
            if not m:
                err(idx, "malformed RUN line (expected '// RUN: <exit0|hangs|aborts|may-hang>')")
            elif m.group(1) not in RUN_VALUES:
                err(idx, f"unknown RUN value '{m.group(1)}' (expected one of: {', '.join(RUN_VALUES)})")
            elif run is not None:
                err(idx, f"duplicate RUN (first at line {run_line})")
            elif not in_header:
                err(idx, "RUN must be in the comment block at the top of the file")
            elif not lesson_line:
                err(idx, "RUN must follow the LESSON line")
            else:
                run, run_line = m.group(1), idx
            continue

        comment = _comment_text(raw)
        if comment is None or "EXPECT" not in comment:
            continue
        expect_seen = True
        if whole_line_comment and _NONE_RE.match(stripped):
            if none_line:
                err(idx, f"duplicate EXPECT-NONE (first at line {none_line})")
            elif not in_header:
                err(idx, "EXPECT-NONE must be in the comment block at the top of the file")
            elif not run_line:
                err(idx, "EXPECT-NONE must follow the RUN line")
            else:
                none_line = idx
            continue
        m = _MARKER_RE.match(comment.rstrip())
        if not m:
            err(idx, "malformed expectation comment (expected '// EXPECT: kind[, kind...]' "
                     "at the end of a code line, or '// EXPECT-NONE' on its own line)")
            continue
        if whole_line_comment:
            err(idx, "EXPECT marker must be at the end of a code line, not on a comment-only line")
            continue
        body = (m.group(1) or "").strip()
        if not body:
            err(idx, "EXPECT marker lists no kind")
            continue
        seen: set[str] = set()
        for part in body.split(","):
            kind = part.strip()
            if not kind:
                err(idx, f"empty kind in EXPECT marker '{body}'")
            elif kind not in KINDS:
                err(idx, f"unknown kind '{kind}' (expected one of: {', '.join(KINDS)})")
            elif kind in seen:
                err(idx, f"kind '{kind}' listed twice on one line")
            else:
                seen.add(kind)
                expectations.append(Expectation(kind, idx, file))

    if not lesson_seen:
        err(1, "missing '// LESSON:' line")
    if not run_seen:
        err(1, "missing '// RUN:' line")
    if none_line and expectations:
        err(none_line, "EXPECT-NONE together with EXPECT markers "
                       f"(first marker at line {expectations[0].line})")
    if not expect_seen:
        err(1, "no expectations: add '// EXPECT-NONE' or at least one '// EXPECT: <kind>' marker")

    if errors:
        raise ExpectationError(errors)
    return Sample(file=file, lesson=" ".join(lesson_parts), run=run or "",
                  expect_none=bool(none_line), expectations=expectations)


def parse_file(path: str) -> Sample:
    """Parse one sample file. Raises ExpectationError (or OSError)."""
    with open(path, encoding="utf-8") as f:
        return parse_text(f.read(), path)


def parse_files(paths: Iterable[str]) -> tuple[list[Sample], list[str]]:
    """Parse many files; returns (samples, errors) and never raises for format errors."""
    samples: list[Sample] = []
    errors: list[str] = []
    for p in paths:
        try:
            samples.append(parse_file(p))
        except ExpectationError as e:
            errors.extend(e.errors)
        except OSError as e:
            errors.append(f"{p}:0: error: cannot read: {e.strerror}")
    return samples, errors


# ----------------------------------------------------------------------------------------
# Matching


def _norm(path: str) -> str:
    return os.path.normcase(os.path.realpath(path)) if path else ""


def _same_file(a: str, b: str) -> bool:
    """Paths refer to the same file: equal after normalization, or (when one of them
    is relative, e.g. written by a tool run elsewhere) one is a path-suffix of the other."""
    if not a or not b:
        return False
    if _norm(a) == _norm(b):
        return True
    pa = os.path.normpath(a).split(os.sep)
    pb = os.path.normpath(b).split(os.sep)
    if os.path.isabs(a) and os.path.isabs(b):
        return False
    n = min(len(pa), len(pb))
    return pa[-n:] == pb[-n:]


def _locations(finding: dict) -> list[tuple[str, int]]:
    locs = [(str(finding.get("file", "")), int(finding.get("line", 0)))]
    for r in finding.get("related", []) or []:
        locs.append((str(r.get("file", finding.get("file", ""))), int(r.get("line", 0))))
    return locs


@dataclass
class Match:
    """True positive: ``finding`` matched the listed ``expectations`` (same kind, one of
    the finding's primary/related locations on each expectation's line)."""

    finding: dict
    expectations: list[Expectation]


@dataclass
class MatchResult:
    true_positives: list[Match] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)  # findings matching nothing
    false_negatives: list[Expectation] = field(default_factory=list)  # markers not covered
    covered: list[Expectation] = field(default_factory=list)  # markers covered

    def per_kind(self) -> dict[str, dict[str, int]]:
        """{kind: {tp, fp, fn, covered}}; tp counts findings, fn and covered count markers."""
        out: dict[str, dict[str, int]] = {}

        def slot(k: str) -> dict[str, int]:
            return out.setdefault(k, {"tp": 0, "fp": 0, "fn": 0, "covered": 0})

        for m in self.true_positives:
            slot(m.finding.get("kind", ""))["tp"] += 1
        for f in self.false_positives:
            slot(f.get("kind", ""))["fp"] += 1
        for e in self.false_negatives:
            slot(e.kind)["fn"] += 1
        for e in self.covered:
            slot(e.kind)["covered"] += 1
        return out

    @property
    def ok(self) -> bool:
        return not self.false_positives and not self.false_negatives


def match(expectations: Iterable[Expectation] | Iterable[Sample] | Sample,
          findings: Iterable[dict], kinds: Iterable[str] | None = None) -> MatchResult:
    """Compare tool findings with expected markers.

    ``expectations``: a Sample, a list of Samples, or a list of Expectation (whose
    ``file`` must be set; Samples set it). ``findings``: dicts
    ``{"kind", "file", "line", "related": [{"file", "line"}, ...]}`` (related optional;
    a related location without ``file`` means the finding's file).
    ``kinds``: if given, only findings and expectations of these kinds are considered
    (a tool is not blamed for kinds it does not support).

    Rules:
    * a finding *matches* a marker when the kinds are equal and the finding's primary
      location or any related location is on the marker's line in the same file;
    * a finding matching at least one marker is a true positive, otherwise a false
      positive (precision: every finding must touch a marked line of its kind);
    * a marker matched by at least one finding is covered, otherwise a false negative
      (recall: every marked line must be covered).
    """
    exps: list[Expectation] = []
    if isinstance(expectations, Sample):
        expectations = [expectations]
    for item in expectations:
        if isinstance(item, Sample):
            exps.extend(Expectation(e.kind, e.line, item.file) for e in item.expectations)
        else:
            exps.append(item)
    kindset = set(kinds) if kinds is not None else None
    if kindset is not None:
        exps = [e for e in exps if e.kind in kindset]
        findings = [f for f in findings if f.get("kind") in kindset]

    result = MatchResult()
    covered: set[int] = set()
    for f in findings:
        locs = _locations(f)
        hit = [i for i, e in enumerate(exps)
               if e.kind == f.get("kind") and any(
                   line == e.line and _same_file(file, e.file) for file, line in locs)]
        if hit:
            result.true_positives.append(Match(f, [exps[i] for i in hit]))
            covered.update(hit)
        else:
            result.false_positives.append(f)
    for i, e in enumerate(exps):
        (result.covered if i in covered else result.false_negatives).append(e)
    return result


# Interlock's check ids and the sample kinds they report. Findings written by
# `interlock check/run/stress --format=json` carry "check"; load_findings adds "kind".
CHECK_KINDS = {
    "interlock-unprotected-shared-state": "data-race",
    "interlock-tsan-data-race": "data-race",
    "interlock-missing-join": "missing-join",
    "interlock-lock-order-inversion": "lock-order-inversion",
    "interlock-double-lock": "double-lock",
    "interlock-lock-leak": "lock-leak",
    "interlock-cv-wait-without-predicate": "cv-wait-without-predicate",
}


def load_findings(path: str) -> list[dict]:
    """Read findings JSON: an array, or an object with a "findings" array. A finding
    with an Interlock "check" id and no "kind" gets the kind that check reports (an id
    with no sample kind keeps the id as its kind, so a --kinds filter leaves it out)."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict):
        data = data.get("findings")
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON array of findings or {{\"findings\": [...]}}")
    for i, item in enumerate(data):
        if isinstance(item, dict) and "kind" not in item and "check" in item:
            item["kind"] = CHECK_KINDS.get(item["check"], item["check"])
        if not isinstance(item, dict) or "kind" not in item or "line" not in item:
            raise ValueError(f"{path}: finding #{i} needs at least 'kind', 'file' and 'line'")
    return data


# ----------------------------------------------------------------------------------------
# CLI


def _fmt_ratio(num: int, den: int) -> str:
    return "n/a" if den == 0 else f"{num / den:.2f} ({num}/{den})"


def _cmd_validate(args) -> int:
    samples, errors = parse_files(args.files)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s) in {len(args.files) - len(samples)} of "
              f"{len(args.files)} file(s)", file=sys.stderr)
        return 1
    n = sum(len(s.expectations) for s in samples)
    print(f"{len(samples)} samples, {n} expectations")
    return 0


def _cmd_json(args) -> int:
    samples, errors = parse_files(args.files)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    json.dump([s.to_json() for s in samples], sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def _cmd_markdown(args) -> int:
    samples, errors = parse_files(args.files)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    print("| sample | lesson | RUN | expected findings |")
    print("|---|---|---|---|")
    for s in sorted(samples, key=lambda s: s.name):
        lesson = s.lesson.split(". ")[0].rstrip(".") + "."
        lesson = lesson.replace("|", "\\|")
        if s.expect_none:
            exp = "none"
        else:
            by_kind: dict[str, list[int]] = {}
            for e in s.expectations:
                by_kind.setdefault(e.kind, []).append(e.line)
            exp = "<br>".join(f"`{k}`: line{'s' if len(v) > 1 else ''} {', '.join(map(str, v))}"
                              for k, v in by_kind.items())
        print(f"| `{os.path.basename(s.file)}` | {lesson} | `{s.run}` | {exp} |")
    return 0


def _cmd_score(args) -> int:
    samples, errors = parse_files(args.files)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    try:
        findings = load_findings(args.findings)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    kinds = None
    if args.kinds:
        kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
        bad = [k for k in kinds if k not in KINDS]
        if bad:
            print(f"error: unknown kind(s) in --kinds: {', '.join(bad)}", file=sys.stderr)
            return 1

    # Findings in files that are not among the samples are reported but do not count.
    def owner(f: dict) -> Sample | None:
        for s in samples:
            if any(_same_file(file, s.file) for file, _ in _locations(f)):
                return s
        return None

    per_sample: dict[str, list[dict]] = {s.file: [] for s in samples}
    stray = 0
    for f in findings:
        if kinds is not None and f.get("kind") not in kinds:
            continue
        s = owner(f)
        if s is None:
            stray += 1
        else:
            per_sample[s.file].append(f)

    total = MatchResult()
    all_ok = True
    for s in samples:
        r = match(s, per_sample[s.file], kinds)
        total.true_positives += r.true_positives
        total.false_positives += r.false_positives
        total.false_negatives += r.false_negatives
        total.covered += r.covered
        status = "PASS" if r.ok else "FAIL"
        all_ok &= r.ok
        detail = []
        for f in r.false_positives:
            detail.append(f"FP {f.get('kind')} at line {f.get('line')}")
        for e in r.false_negatives:
            detail.append(f"FN {e.kind} at line {e.line}")
        print(f"{status}: {s.name}" + (f" ({'; '.join(detail)})" if detail else ""))

    print("per kind:")
    stats = total.per_kind()
    for k in (kinds if kinds is not None else KINDS):
        st = stats.get(k, {"tp": 0, "fp": 0, "fn": 0, "covered": 0})
        print(f"  {k}: precision {_fmt_ratio(st['tp'], st['tp'] + st['fp'])}, "
              f"recall {_fmt_ratio(st['covered'], st['covered'] + st['fn'])}")
    if stray:
        print(f"note: {stray} finding(s) outside the given samples were ignored")
    n_pass = sum(1 for s in samples if match(s, per_sample[s.file], kinds).ok)
    print(f"{n_pass} of {len(samples)} samples passed")
    return 0 if all_ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("validate", help="check the header and markers of sample files")
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=_cmd_validate)
    p = sub.add_parser("json", help="print the parsed expectations as JSON")
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=_cmd_json)
    p = sub.add_parser("markdown", help="print a markdown table of the samples")
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=_cmd_markdown)
    p = sub.add_parser("score", help="score tool findings against the expectations")
    p.add_argument("--findings", required=True, help="JSON array of findings (or {\"findings\": [...]})")
    p.add_argument("--kinds", help="comma-separated kinds the tool supports (default: all)")
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=_cmd_score)
    args = ap.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
