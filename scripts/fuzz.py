"""Fuzz the per-file pipeline: generated programs and mutated fixtures, bytes in.

    python scripts/fuzz.py [--examples N] [--seed N]

Programs come from hypothesmith (Python's grammar, and libcst's syntax trees) and from
the rule fixtures under rules/, mutated: lines deleted, duplicated, swapped,
re-indented, the file truncated at a random byte. Each goes through what a worker does
with a file (decode, lint, fix, with unsafe fixes), and must satisfy:

- no internal error (text Python rejects is GL001; text it accepts but gradlint cannot
  read is "not checked", counted and printed);
- every finding lies inside the file;
- fixed code parses, and fixing it again changes nothing.

tests/test_fuzz.py runs the same properties with a few examples each; this script is
the long run (it prints a count per outcome, and a failing example with its traceback).
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import hypothesis
import hypothesmith
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradlint import filecheck, source
from gradlint.diagnostics import Location
from gradlint.filecheck import FileJob
from gradlint.rules import CHECKS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "rules").glob("*/*.py"))
CODES = tuple(rule.code for rule in CHECKS)
OUTCOMES: Counter = Counter()


def check_source(data: bytes) -> None:
    """The properties, for one file's bytes."""
    result = filecheck.check(FileJob("fuzz.py", data, CODES, fix=True, unsafe=True))
    if result.problem is not None:
        assert result.problem.startswith("not checked:"), result.problem  # never an internal error
        OUTCOMES["not checked"] += 1
        return
    OUTCOMES["GL001" if any(f.code == "GL001" for f in result.findings) else "linted"] += 1
    if any(f.code == "GL001" for f in result.findings):
        return  # the text was not decoded or parsed: no position of ours to check
    text = source.decode(data).text
    _inside(text, result.findings)
    if result.fixed_text is None:
        return
    OUTCOMES["fixed"] += 1
    _inside(result.fixed_text, result.remaining)
    source.parse(result.fixed_text)  # raises if the fixed code does not parse
    again = filecheck.check(
        FileJob("fuzz.py", result.fixed_text.encode("utf-8"), CODES, fix=True, unsafe=True)
    )
    assert again.problem is None, again.problem
    assert again.fixed_text is None, "a second --fix changed the code again"


def _inside(text: str, findings: list) -> None:
    lines = source.physical_lines(text) or [""]
    for finding in findings:
        for where in (finding.start, finding.end):
            assert isinstance(where, Location)
            assert 1 <= where.line <= len(lines) + 1, (finding, len(lines))
            if where.line <= len(lines):
                assert 1 <= where.column <= len(lines[where.line - 1]) + 1, (finding, lines[where.line - 1])
        assert (finding.start.line, finding.start.column) <= (finding.end.line, finding.end.column), finding


# ---------------------------------------------------------------------- inputs


KINDS = ["delete", "duplicate", "swap", "indent", "dedent", "tab", "truncate"]


def mutate(data: bytes, rng: random.Random, steps: int) -> bytes:
    """A fixture after ``steps`` random edits of the kinds people (and editors) make."""
    lines = data.splitlines(keepends=True) or [b""]
    for _ in range(steps):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        kind = rng.choices(KINDS, weights=[4, 4, 4, 1, 1, 1, 1])[0]
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = b" " * rng.choice([1, 2, 4, 8]) + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i][min(len(lines[i]) - len(lines[i].lstrip(b" ")), rng.choice([1, 4])) :]
        elif kind == "tab":
            lines[i] = b"\t" + lines[i].lstrip(b" ")
        elif kind == "truncate":
            joined = b"".join(lines)
            lines = [joined[: rng.randrange(len(joined) + 1)]]
    return b"".join(lines)


def mutated_fixtures() -> st.SearchStrategy[bytes]:
    return st.builds(
        lambda path, seed, steps: mutate(path.read_bytes(), random.Random(seed), steps),
        st.sampled_from(FIXTURES),
        st.integers(0, 2**32 - 1),
        st.integers(1, 4),
    )


def programs() -> st.SearchStrategy[bytes]:
    """Generated programs, with a torch preamble so that the rules have work to do."""
    preamble = "import torch\nimport torch.nn as nn\n"
    return st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node()).map(
        lambda code: (preamble + code).encode("utf-8", "surrogatepass")
    )


STRATEGIES: dict[str, Callable[[], st.SearchStrategy[bytes]]] = {
    "programs": programs,
    "mutated fixtures": mutated_fixtures,
}


def run_property(strategy: st.SearchStrategy[bytes], examples: int, seed: int | None = None) -> None:
    """Check the properties on ``examples`` inputs, in a thread with the workers' stack
    and recursion limit (deep generated code recurses as deeply as in a worker)."""

    def property_holds(data: bytes) -> None:
        check_source(data)

    test = given(strategy)(property_holds)
    if seed is not None:
        test = hypothesis.seed(seed)(test)
    test = settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=seed is None,  # the same inputs each time, unless a seed asks otherwise
        database=None,
    )(test)
    failure: list[BaseException] = []

    def target() -> None:
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
        try:
            test()
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    previous = threading.stack_size(512 * 1024 * 1024)
    try:
        thread = threading.Thread(target=target)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if failure:
        raise failure[0]


def main() -> None:
    warnings.simplefilter("ignore", SyntaxWarning)  # hypothesmith compiles what it generates
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="per kind of input (default: %(default)s)")
    parser.add_argument("--seed", type=int, help="a seed, for a different run each time")
    args = parser.parse_args()
    for name, strategy in STRATEGIES.items():
        OUTCOMES.clear()
        run_property(strategy(), args.examples, args.seed)
        print(f"{name}: {args.examples} examples, all properties held; {dict(sorted(OUTCOMES.items()))}")


if __name__ == "__main__":
    main()
