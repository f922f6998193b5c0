"""Benchmark gradlint: against libcst's parse alone, across cores, with the cache, against
TorchFix, on growing files, and through stdin. Prints the machine with the table.

    python scripts/bench.py PATH [--repeat N] [--limit N] [--sizes 1000,10000,100000,200000]
                                 [--torchfix COMMAND]

Rows, all on the same files (every .py and .pyi under PATH, excludes and .gitignore off):

- in one process, on decoded sources: libcst's parse alone; gradlint's per-file work
  (prefilter, parse, analysis, positions, noqa) with the prefilter, and without it;
- the `gradlint` command, whole process, no cache: --jobs 1, 2 and all cores (speed-up
  against --jobs 1); then a cold run filling a fresh cache and a warm run reading it
  (warm / cold), whose findings must be identical;
- TorchFix on the same files, whole process, when `torchfix` is on PATH (or --torchfix);
- scaling: generated files of realistic code (scripts/generate_code.py) of each size in
  --sizes lines, each in a fresh process: parse and analysis seconds, seconds per 1,000
  lines (flat when the time grows linearly), and peak memory;
- one small file through stdin, as an editor runs it (whole process).

The best of N repeats is kept for each timing (less noise from the machine).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import libcst

from gradlint import __version__, source
from gradlint.config import Settings
from gradlint.deepstack import RECURSION_LIMIT, STACK_BYTES
from gradlint.discovery import discover
from gradlint.engine.facts import Facts
from gradlint.engine.flow import Analysis
from gradlint.linter import lint_text
from gradlint.rules import CHECKS
from gradlint.runner import default_jobs

HERE = Path(__file__).resolve().parent
GRADLINT = [sys.executable, "-m", "gradlint"]
EVERYTHING = ["--no-respect-gitignore", "--exclude", ""]  # the same files as the in-process rows
SMALL = b"import torch\n\n\ndef evaluate(model, x):\n    torch.no_grad()\n    return model(x)\n"


def load(path: str, limit: int | None) -> list[tuple[str, str]]:
    files = discover([path], Settings(respect_gitignore=False, exclude=())).files
    texts = []
    for name in files[:limit] if limit else files:
        try:
            texts.append((name, source.decode(source.read(name)).text))
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
        except source.NotAnalysable:
            counts["not checked"] += 1
            continue
        except Exception:
            counts["internal errors"] += 1
            continue
        counts["findings"] += len(findings)
        for finding in findings:
            counts[finding.code] += 1
    return counts


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def command(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, input=stdin, capture_output=True, timeout=3600)


def timed(
    args: list[str], repeat: int, stdin: bytes | None = None
) -> tuple[float, subprocess.CompletedProcess]:
    """The best wall time of ``repeat`` runs of a command, and its last run."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = command(args, stdin)
        times.append(time.perf_counter() - start)
    assert result is not None
    return min(times), result


# ---------------------------------------------------------------------- the table


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, name: str, seconds: float | None, ratio: str = "", note: str = "") -> None:
        self.rows.append((name, "" if seconds is None else f"{seconds:.2f} s", ratio, note))

    def print(self) -> None:
        widths = [max(len(row[i]) for row in self.rows) for i in range(3)]
        for name, seconds, ratio, note in self.rows:
            print(f"{name:<{widths[0]}}  {seconds:>{widths[1]}}  {ratio:>{widths[2]}}  {note}".rstrip())


def machine(torchfix: str | None) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    compared = "not installed"
    if torchfix is not None:
        compared = command([torchfix, "--version"]).stdout.decode().strip() or "installed"
    return (
        f"machine: {cpu}; {os.cpu_count()} cores, {default_jobs()} usable; {platform.system()} {platform.release()}\n"
        f"Python {platform.python_version()}, libcst {version('libcst')}, torch {version('torch')}, "
        f"gradlint {__version__}; TorchFix {compared}"
    )


def in_process(texts: list[tuple[str, str]], repeat: int, table: Table) -> None:
    parse = best(lambda: parse_alone(texts), repeat)
    counts: Counter = Counter()
    with_prefilter = best(lambda: counts.update(gradlint_all(texts, True)), repeat)
    without = best(lambda: gradlint_all(texts, False), repeat)
    table.add("libcst parse alone", parse, "1.00x", "in one process")
    table.add("gradlint (prefilter on)", with_prefilter, f"{with_prefilter / parse:.2f}x", "in one process")
    table.add(
        "gradlint (prefilter off)", without, f"{without / parse:.2f}x", "every file parsed and analysed"
    )
    per_run = {k: v // repeat for k, v in counts.items()}
    print("findings:", dict(sorted(per_run.items())))


def whole_process(path: str, files: list[str], repeat: int, torchfix: str | None, table: Table) -> None:
    cores = default_jobs()
    serial = None
    for jobs in sorted({1, 2, cores}):
        seconds, _ = timed([*GRADLINT, *EVERYTHING, "--no-cache", "--jobs", str(jobs), path], repeat)
        serial = serial or seconds
        label = f"gradlint --jobs {jobs}" + (" (all cores)" if jobs == cores else "")
        table.add(
            label, seconds, f"{serial / seconds:.2f}x", "whole process, no cache; speed-up against --jobs 1"
        )
    with tempfile.TemporaryDirectory() as cache:
        args = [*GRADLINT, *EVERYTHING, "--cache-dir", cache, "--output-format", "json", path]
        start = time.perf_counter()
        cold_run = command(args)
        cold = time.perf_counter() - start
        warm, warm_run = timed(args, repeat)
    same = "identical findings" if warm_run.stdout == cold_run.stdout else "FINDINGS DIFFER"
    table.add("gradlint, cold cache", cold, "1.00x", "all cores, filling a fresh cache")
    table.add("gradlint, warm cache", warm, f"{warm / cold:.1%}", f"unchanged tree, of the cold run; {same}")
    if torchfix is not None:
        seconds, result = timed([torchfix, *files], repeat)
        table.add(
            "TorchFix",
            seconds,
            f"{seconds / serial:.2f}x",
            f"whole process; time against gradlint --jobs 1 (exit {result.returncode})",
        )
    else:
        table.add("TorchFix", None, "", "not installed (pip install torchfix, or --torchfix COMMAND)")


def scaling(sizes: list[int], table: Table) -> None:
    """Each size in a fresh process (its own peak memory)."""
    with tempfile.TemporaryDirectory() as folder:
        for lines in sizes:
            target = Path(folder) / f"generated_{lines}.py"
            subprocess.run(
                [sys.executable, str(HERE / "generate_code.py"), str(lines), "-o", str(target)], check=True
            )
            result = command([sys.executable, __file__, "--measure", str(target)])
            if result.returncode != 0:
                table.add(f"scaling: {lines} lines", None, "", f"failed: {result.stderr.decode()[-200:]}")
                continue
            measured = json.loads(result.stdout)
            total = measured["parse"] + measured["analysis"]
            per_k = total / (measured["lines"] / 1000)
            table.add(
                f"scaling: {measured['lines']} lines",
                total,
                f"{per_k:.3f} s/kl",
                f"parse {measured['parse']:.2f} s + analysis {measured['analysis']:.2f} s "
                f"({measured['analysis'] / (measured['lines'] / 1000):.3f} s/kl); peak {measured['peak_mb']:.0f} MB",
            )


def measure(path: str) -> None:
    """--measure FILE: parse and analysis time of one file, and this process's peak memory, as JSON."""
    text = Path(path).read_text(encoding="utf-8")
    start = time.perf_counter()
    module = source.parse(text)
    parsed = time.perf_counter()
    facts = Facts(Analysis(module, text).run(), module, path, text)
    for rule in CHECKS:
        rule(facts).check()
    analysed = time.perf_counter()
    print(
        json.dumps(
            {
                "lines": text.count("\n"),
                "parse": parsed - start,
                "analysis": analysed - parsed,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def through_stdin(repeat: int, table: Table) -> None:
    args = [*GRADLINT, "--stdin-filename", "train.py", "-"]
    samples = [timed(args, 1, SMALL)[0] for _ in range(max(repeat, 5))]
    table.add(
        "one small file through stdin",
        min(samples),
        "",
        f"whole process; median {statistics.median(samples):.2f} s",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--limit", type=int, help="the first N files only (in-process rows)")
    parser.add_argument(
        "--sizes", default="1000,10000", help="lines of the generated files (default: %(default)s)"
    )
    parser.add_argument(
        "--torchfix", default=shutil.which("torchfix"), help="the TorchFix command to compare with"
    )
    parser.add_argument("--measure", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    if args.path is None:
        parser.error("PATH is required")
    print(machine(args.torchfix))
    texts = load(args.path, args.limit)
    lines = sum(text.count("\n") for _, text in texts)
    print(f"{len(texts)} files, {lines} lines under {args.path}")
    table = Table()
    in_process(texts, args.repeat, table)
    whole_process(args.path, [name for name, _ in texts], args.repeat, args.torchfix, table)
    scaling([int(size) for size in args.sizes.split(",") if size], table)
    through_stdin(args.repeat, table)
    table.print()


def _in_a_deep_stack() -> int:
    """main() in a thread with the workers' stack and recursion limit; its exit status."""
    status = [0]

    def target() -> None:
        try:
            main()
        except SystemExit as exc:  # argparse
            status[0] = exc.code if isinstance(exc.code, int) else 1

    sys.setrecursionlimit(RECURSION_LIMIT)
    threading.stack_size(STACK_BYTES)
    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
    return status[0]


if __name__ == "__main__":
    code = _in_a_deep_stack()
    sys.stdout.flush()
    os._exit(code)  # the deep-stack thread's memory is not worth tearing down
