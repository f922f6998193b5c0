"""Benchmark gradlint against libcst's parse alone, in one process, on the same files.

    python scripts/bench.py PATH [--repeat N] [--limit N]

Prints, for the same decoded sources: libcst parse alone; gradlint's full per-file
work (prefilter, parse, analysis, positions, noqa) with the prefilter; and the same
with the prefilter off (every file parsed and analysed). Ratios are to parse alone.
The best of N repeats is kept for each (less noise from the machine).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter

import libcst

from gradlint import source
from gradlint.config import Settings
from gradlint.discovery import discover
from gradlint.linter import lint_text
from gradlint.rules import CHECKS


def load(path: str, limit: int | None) -> list[tuple[str, str]]:
    files = discover([path], Settings(respect_gitignore=False, exclude=())).files
    texts = []
    for name in files[:limit] if limit else files:
        try:
            texts.append((name, source.decode(open(name, "rb").read()).text))
        except (OSError, source.SourceError):
            continue
    return texts


def parse_alone(texts: list[tuple[str, str]]) -> None:
    for _, text in texts:
        try:
            libcst.parse_module(text)
        except Exception:
            pass


def gradlint_all(texts: list[tuple[str, str]], prefilter: bool) -> Counter:
    counts: Counter = Counter()
    for name, text in texts:
        try:
            findings = lint_text(text, name, CHECKS, prefilter=prefilter)
        except Exception:
            counts["internal errors"] += 1
            continue
        counts["findings"] += len(findings)
        for finding in findings:
            counts[finding.code] += 1
    return counts


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    texts = load(args.path, args.limit)
    lines = sum(text.count("\n") for _, text in texts)
    print(f"{len(texts)} files, {lines} lines under {args.path}")
    parse = best(lambda: parse_alone(texts), args.repeat)
    counts: Counter = Counter()
    with_prefilter = best(lambda: counts.update(gradlint_all(texts, True)), args.repeat)
    without = best(lambda: gradlint_all(texts, False), args.repeat)
    print(f"libcst parse alone          {parse:8.2f} s  1.00x")
    print(f"gradlint (prefilter on)     {with_prefilter:8.2f} s  {with_prefilter / parse:.2f}x")
    print(f"gradlint (prefilter off)    {without:8.2f} s  {without / parse:.2f}x")
    per_run = {k: v // args.repeat for k, v in counts.items()}
    print("findings:", dict(sorted(per_run.items())))


if __name__ == "__main__":
    sys.setrecursionlimit(20000)
    threading.stack_size(512 * 1024 * 1024)
    worker = threading.Thread(target=main)
    worker.start()
    worker.join()
    os._exit(0)
