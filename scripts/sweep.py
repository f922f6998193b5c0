"""Lint every .py file of an installed environment, as a stress test: no internal error.

    python scripts/sweep.py [PATH] [--jobs N] [--no-cache]

PATH defaults to this interpreter's site-packages (torch, numpy, libcst, pip, ...: some
thousands of files nobody wrote for gradlint). Runs the gradlint command the way a user
would (excludes and .gitignore off, so that everything is linted), then prints the
number of files, the wall time, the peak memory of the largest process, what the files
came to (findings, GL001, not checked and why) and every internal error, with its
traceback (from a second run of that file with -v). Exit status 1 if there was any.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import sysconfig
import time
from collections import Counter
from pathlib import Path

GRADLINT = [sys.executable, "-m", "gradlint"]
EVERYTHING = ["--no-respect-gitignore", "--exclude", ""]  # an empty exclude list replaces the defaults
PROBLEM = re.compile(
    r"^gradlint: error: (?P<path>.+?): (?P<what>internal error|not checked|cannot read): ?(?P<why>.*)$"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=sysconfig.get_paths()["purelib"])
    parser.add_argument("--jobs", type=int, help="gradlint's --jobs (default: all cores)")
    parser.add_argument("--no-cache", action="store_true", default=True, help="(the default) cold run")
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    listing = subprocess.run(
        [*GRADLINT, *EVERYTHING, "--show-files", args.path], capture_output=True, text=True
    )
    files = listing.stdout.splitlines()
    size = sum(Path(f).stat().st_size for f in files if Path(f).is_file())
    print(f"{len(files)} files, {size / 2**20:.0f} MB under {args.path}")
    started = time.perf_counter()
    run = subprocess.run(
        [*GRADLINT, *EVERYTHING, "--no-cache", *jobs, "--output-format", "json-lines", "-q", args.path],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    findings = Counter(json.loads(line)["code"] for line in run.stdout.splitlines())
    problems = [m for m in map(PROBLEM.match, run.stderr.splitlines()) if m]
    kinds = Counter(
        m["what"] if m["what"] != "not checked" else f"not checked: {_reason(m['why'])}" for m in problems
    )
    print(f"exit status {run.returncode}, {elapsed:.1f} s wall, peak {peak:.0f} MB (largest process)")
    print(f"findings: {dict(sorted(findings.items()))}")
    print(f"problems: {dict(sorted(kinds.items())) or 'none'}")
    for match in problems:
        if match["what"] != "internal error":
            print(f"  {match['path']}: {match['what']}: {match['why']}")
    for line in run.stderr.splitlines():
        if not PROBLEM.match(line) and not line.startswith("gradlint: warning:"):
            print(f"unexpected on stderr: {line}")
    internal = [m for m in problems if m["what"] == "internal error"]
    for match in internal:
        again = subprocess.run(
            [*GRADLINT, *EVERYTHING, "--no-cache", "-v", match["path"]], capture_output=True, text=True
        )
        print(f"\n== internal error in {match['path']}\n{again.stderr}")
    print(f"internal errors: {len(internal)}")
    return 1 if internal else 0


def _reason(why: str) -> str:
    """'its analysis ran over its time budget of 12 s (...)' -> 'over its time budget'"""
    for reason in ("time budget", "memory budget", "libcst cannot parse", "too deeply nested", "stopped"):
        if reason in why:
            return reason
    return why


if __name__ == "__main__":
    sys.exit(main())
