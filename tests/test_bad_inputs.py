"""Inputs that must not hurt, as a table: what each one prints (one line), its exit
status, and how long it may take. Memory is bounded by running with a budget: a file
that needed more would be reported as over it instead of giving the expected line."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from gradlint import source
from gradlint.linter import lint_text
from gradlint.rules import CHECKS
from tests.conftest import err, out, run_gradlint
from tests.test_cli import FLAGGED, write

SMALL_BUDGET = ("--file-memory", "200", "--file-timeout", "1", ".")
GL107_CALL = r"GL107 `torch\.no_grad\(\)` as a statement"
OVER_BUDGET = "not checked"


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, bytes] | Callable[[Path], None]  # what to create, or how
    status: int
    stdout: str | None = None  # a regex for the first line of stdout (None: nothing printed)
    stderr: str = ""  # a regex for the whole of stderr
    seconds: float = 10.0  # the whole command, start-up included
    args: tuple[str, ...] = (".",)
    privileged: bool = True


def nested(opening: str, closing: str, depth: int) -> bytes:
    return f"import torch\nx = {opening * depth}1{closing * depth}\ntorch.no_grad()\n".encode()


def _deleted_after_discovery(folder: Path) -> None:
    write(folder, "gone.py", FLAGGED)
    write(
        folder,
        "plugins/sitecustomize.py",
        "import os\n"
        "import gradlint.discovery as d\n"
        "orig = d.discover\n"
        "def discover(paths, settings):\n"
        "    found = orig(paths, settings)\n"
        "    os.unlink('gone.py')\n"
        "    return found\n"
        "d.discover = discover\n",
    )


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.py")
    write(folder, "train.py", FLAGGED)


def _symlink_loop(folder: Path) -> None:
    (folder / "a.py").symlink_to(folder / "b.py")
    (folder / "b.py").symlink_to(folder / "a.py")


def _unreadable_folder(folder: Path) -> None:
    write(folder, "secret/x.py", FLAGGED)
    write(folder, "train.py", FLAGGED)
    (folder / "secret").chmod(0)


def _directory_named_like_a_file(folder: Path) -> None:
    write(folder, "pkg.py/inner.py", FLAGGED)


CASES = [
    # deep nesting: CPython's limits, decided before libcst sees the file (which took minutes
    # and gigabytes on these): in 200 MB of memory above the worker's own
    Case("5,000 nested lists", {"deep.py": nested("[", "]", 5000)}, 1,
         r"deep\.py:2:205: GL001 could not parse: too many nested parentheses$", seconds=5, args=SMALL_BUDGET),
    Case("3,000 nested calls", {"deep.py": nested("f(", ")", 3000)}, 1,
         r"deep\.py:2:\d+: GL001 could not parse: too many nested parentheses$", seconds=5, args=SMALL_BUDGET),
    Case("5,000 nested parentheses", {"deep.py": nested("(", ")", 5000)}, 1,
         r"deep\.py:2:205: GL001 could not parse: too many nested parentheses$", seconds=5, args=SMALL_BUDGET),
    Case("3,000 nested calls over lines", {"deep.py": b"import torch\nx = " + b"f(\n" * 3000 + b"1" + b")" * 3000},
         1, r"deep\.py:\d+:\d+: GL001 could not parse: too many nested parentheses$", seconds=5, args=SMALL_BUDGET),
    Case("a 5,000-term sum", {"deep.py": b"import torch\nloss.backward()\nx = " + b" + ".join([b"a"] * 5000)}, 1,
         r"deep\.py:1:1: GL001 could not parse: too deeply nested: Python cannot compile it", seconds=5,
         args=SMALL_BUDGET),
    Case("a 3,000-term sum in parentheses, a term a line",
         {"deep.py": b"import torch\nloss.backward()\nx = (" + b" +\n    ".join([b"a"] * 3000) + b")\n"}, 1,
         r"deep\.py:1:1: GL001 could not parse: too deeply nested: Python cannot compile it", seconds=5,
         args=SMALL_BUDGET),
    Case("a 3,000-term sum continued by backslashes",
         {"deep.py": b"import torch\nloss.backward()\nx = " + b" + \\\n    ".join([b"a"] * 3000) + b"\n"}, 1,
         r"deep\.py:1:1: GL001 could not parse: too deeply nested: Python cannot compile it", seconds=5,
         args=SMALL_BUDGET),
    Case("a chain of 20,000 conditional expressions",
         {"deep.py": b"import torch\nloss.backward()\nx = " + b" if c else ".join([b"a"] * 20000)}, 1,
         r"deep\.py:1:1: GL001 could not parse: too deeply nested: Python cannot parse it", seconds=5,
         args=SMALL_BUDGET),
    Case("150 levels of indentation",
         {"deep.py": b"import torch\n" + b"".join(b" " * i + b"if x:\n" for i in range(150)) + b" " * 150 + b"pass\n"},
         1, r"deep\.py:102:\d+: GL001 could not parse: too many levels of indentation$", seconds=5,
         args=SMALL_BUDGET),
    # bytes and encodings
    Case("a NUL byte", {"nul.py": b"import torch\nx = 1\x00\n"}, 1,
         r"nul\.py:2:6: GL001 could not parse: source contains a NUL byte$"),
    Case("undecodable bytes", {"bad.py": b"x = 1\ny = '\xff'\n"}, 1,
         r"bad\.py:2:6: GL001 could not parse: could not decode as utf-8: invalid start byte$"),
    Case("a wrong coding cookie", {"bad.py": b"# coding: klingon\nx = 1\n"}, 1,
         r"bad\.py:1:1: GL001 could not parse: could not decode: unknown encoding"),
    Case("a BOM", {"bom.py": "\ufeff".encode() + FLAGGED.encode()}, 1, rf"bom\.py:5:5: {GL107_CALL}"),
    Case("a BOM and a contrary cookie", {"bom.py": "\ufeff# coding: latin-1\nx = 1\n".encode()}, 1,
         r"bom\.py:1:1: GL001 could not parse: could not decode: encoding problem"),
    Case("CRLF line endings", {"crlf.py": FLAGGED.replace("\n", "\r\n").encode()}, 1, rf"crlf\.py:5:5: {GL107_CALL}"),
    Case("CR-only line endings", {"cr.py": FLAGGED.replace("\n", "\r").encode()}, 1, rf"cr\.py:5:5: {GL107_CALL}"),
    Case("form feeds", {"ff.py": FLAGGED.replace("\n\n\n", "\n\x0c\n\x0c\n").encode()}, 1, rf"ff\.py:5:5: {GL107_CALL}"),
    Case("Python 2", {"py2.py": b"import torch\nprint 'hello'\n"}, 1,
         r"py2\.py:2:\d+: GL001 could not parse: Missing parentheses in call to 'print'"),
    Case("an empty file", {"empty.py": b""}, 0, r"All checks passed!$"),
    Case("only a BOM", {"bom.py": "\ufeff".encode()}, 0, r"All checks passed!$"),
    # indentation
    Case("tabs and spaces mixed consistently",
         {"mixed.py": b"import torch\nif x:\n\t \ty = 1\nif x:\n \ty = 1\n \tif x:\n \t\twith torch.no_grad:\n \t\t\tpass\n"},
         1, r"mixed\.py:7:9: GL107 \[\*\] `with torch\.no_grad:` enters the class"),
    Case("tabs and spaces mixed inconsistently", {"tabs.py": b"if True:\n        x = 1\n\ty = 2\n"}, 1,
         r"tabs\.py:3:\d+: GL001 could not parse: inconsistent use of tabs and spaces in indentation$"),
    # size
    Case("2 MB of simple statements", {"big.py": b"import torch\n" + b"x = 1\n" * 350_000}, 0,
         r"All checks passed!$", seconds=20, args=("--file-memory", "300", ".")),
    # the file system
    Case("a directory named x.py", _directory_named_like_a_file, 1, rf"pkg\.py/inner\.py:5:5: {GL107_CALL}"),
    Case("a symlink loop", _symlink_loop, 2, r"2 paths could not be checked or fixed",
         r"gradlint: error: a\.py: cannot read: Too many levels of symbolic links\n"
         r"gradlint: error: b\.py: cannot read: Too many levels of symbolic links\n"),
    Case("a file deleted between discovery and reading", _deleted_after_discovery, 2,
         r"1 path could not be checked or fixed", r"gradlint: error: gone\.py: cannot read: No such file or directory\n",
         args=("--exclude", "plugins", ".")),
    Case("a FIFO named x.py", _fifo, 1, rf"train\.py:5:5: {GL107_CALL}",
         r"gradlint: warning: pipe\.py: skipped: a FIFO, not a regular file\n", seconds=5),
    Case("a FIFO named on the command line", _fifo, 0, r"All checks passed!$",
         r"gradlint: warning: pipe\.py: skipped: a FIFO, not a regular file\n", seconds=5, args=("pipe.py",)),
    Case("a FIFO, with --show-files", _fifo, 0, r"^train\.py$",
         r"gradlint: warning: pipe\.py: skipped: a FIFO, not a regular file\n", seconds=5, args=("--show-files", ".")),
    Case("a folder that cannot be read", _unreadable_folder, 2, rf"train\.py:5:5: {GL107_CALL}",
         r"gradlint: error: secret: cannot read: Permission denied\n", privileged=False),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input(tmp_path, case):
    if callable(case.files):
        case.files(tmp_path)
    else:
        for name, data in case.files.items():
            write(tmp_path, name, data)
    env = {"PYTHONPATH": str(tmp_path / "plugins")} if (tmp_path / "plugins").exists() else None
    started = time.monotonic()
    try:
        result = run_gradlint(
            "--no-cache", *case.args, cwd=tmp_path, env=env, status=case.status, privileged=case.privileged
        )
    finally:
        if (tmp_path / "secret").exists():
            (tmp_path / "secret").chmod(0o755)
    elapsed = time.monotonic() - started
    first = out(result).splitlines()[0] if out(result) else ""
    assert case.stdout is not None and re.search(case.stdout, first), out(result)
    assert re.fullmatch(case.stderr, err(result)), err(result)
    assert "Traceback" not in err(result) and OVER_BUDGET not in err(result)
    assert elapsed < case.seconds, f"{case.name}: {elapsed:.1f} s"


@pytest.mark.parametrize(
    "text",
    [nested("[", "]", 5000), nested("f(", ")", 3000), nested("(", ")", 5000)],
    ids=["lists", "calls", "parentheses"],
)
def test_deep_nesting_is_rejected_in_milliseconds(text):
    """The check itself, without the start-up of a process: CPython's tokenizer stops at
    its 200th bracket."""
    started = time.perf_counter()
    (finding,) = lint_text(text.decode(), "deep.py", CHECKS)
    assert time.perf_counter() - started < 0.25
    assert finding.code == "GL001" and finding.message == "could not parse: too many nested parentheses"


def test_a_long_file_is_compiled_in_pieces():
    """Python's compiler needs about 250 bytes per byte of source: a long text is checked
    by pieces of whole statements, and a piece cut inside a string falls back to the whole."""
    text = "x = 1\n" * 50_000 + 'doc = """\nnot_code = (\n"""\n' + "y = 2\n" * 50_000
    assert len(source._pieces(text)) > 2
    assert source.syntax_error(text) is None
    broken = text + "def f(:\n"
    error = source.syntax_error(broken)
    assert error is not None and (error.line, error.reason) == (100_004, "invalid syntax")


def test_code_python_accepts_is_never_gl001(tmp_path, gradlint):
    """When libcst cannot read what Python accepts (and re-indenting does not help), the
    file is named as not checked: no finding, since the file may well be fine."""
    write(
        tmp_path,
        "plugins/sitecustomize.py",
        "import libcst, gradlint.source as s\n"
        "def refuse(text, *args, **kwargs):\n"
        "    raise RecursionError\n"
        "s.cst.parse_module = refuse\n",
    )
    write(tmp_path, "a.py", FLAGGED)
    result = gradlint(
        "--no-cache", "a.py", cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "plugins")}, status=2
    )
    assert err(result) == "gradlint: error: a.py: not checked: too deeply nested for libcst to parse\n"
    assert out(result) == "1 path could not be checked or fixed (see the errors above).\n"
    write(tmp_path, "b.py", "def f(:\n")  # what Python rejects is still GL001
    result = gradlint(
        "--no-cache", "b.py", cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "plugins")}, status=1
    )
    assert out(result).startswith("b.py:1:7: GL001 could not parse: invalid syntax")
