"""Many files at once: worker processes, the output of a serial run, a budget for each
file, Ctrl-C, progress on a terminal."""

from __future__ import annotations

import importlib.util
import os
import pty
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, console_script, err, out
from tests.test_cli import FLAGGED, UNSAFE, WITH_CLASS, write
from tests.test_notebook import CELLS, notebook_text


def generated(lines: int) -> str:
    """Realistic model and training code of about ``lines`` lines (scripts/generate_code.py)."""
    spec = importlib.util.spec_from_file_location("generate_code", ROOT / "scripts" / "generate_code.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(lines)


def plugin(folder: Path, code: str) -> dict[str, str]:
    """An environment whose gradlint processes first run ``code`` (a sitecustomize)."""
    write(folder, "plugins/sitecustomize.py", code)
    return {"PYTHONPATH": str(folder / "plugins")}


def a_tree(folder: Path) -> None:
    """Files of every kind of outcome, more of them than workers."""
    for index in range(12):
        write(folder, f"pkg/m{index:02}.py", [FLAGGED, WITH_CLASS, UNSAFE][index % 3])
    write(folder, "pkg/broken.py", "def f(:\n    pass\n")
    write(folder, "pkg/warned.py", FLAGGED + "x = 1  # noqanope\n")
    write(folder, "pkg/clean.py", "import torch\n\nwith torch.no_grad():\n    pass\n")
    write(folder, "pkg/noqa.py", FLAGGED.replace("torch.no_grad()", "torch.no_grad()  # noqa: GL107"))
    write(
        folder,
        "pkg/latin.py",
        b"# -*- coding: latin-1 -*-\nimport torch\nwith torch.no_grad:  # \xe9\n    pass\n",
    )


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--output-format", "full", "--show-fixes"),
        ("--output-format", "json"),
        ("--output-format", "grouped"),
        ("--statistics",),
        ("--diff",),
    ],
    ids=lambda a: " ".join(a) or "concise",
)
def test_a_parallel_run_prints_what_a_serial_run_prints(tmp_path, gradlint, args):
    a_tree(tmp_path)
    status = 1
    serial = gradlint("--no-cache", "--jobs", "1", *args, ".", cwd=tmp_path, status=status)
    parallel = gradlint("--no-cache", "--jobs", "4", *args, ".", cwd=tmp_path, status=status)
    assert out(parallel) == out(serial) and err(parallel) == err(serial)
    assert "gradlint: warning: pkg/warned.py:7: invalid `# noqa` directive" in err(serial)


def test_a_parallel_fix_writes_what_a_serial_fix_writes(tmp_path, gradlint):
    for jobs in ("1", "4"):
        a_tree(tmp_path / jobs)
    serial = gradlint(
        "--no-cache", "--jobs", "1", "--fix", "--unsafe-fixes", ".", cwd=tmp_path / "1", status=1
    )
    parallel = gradlint(
        "--no-cache", "--jobs", "4", "--fix", "--unsafe-fixes", ".", cwd=tmp_path / "4", status=1
    )
    assert out(parallel) == out(serial) and err(parallel) == err(serial)
    assert "Found 15 errors (9 fixed, 6 remaining)." in out(serial)
    for path in sorted((tmp_path / "1").rglob("*.py")):
        assert path.read_bytes() == (tmp_path / "4" / path.relative_to(tmp_path / "1")).read_bytes()


def test_notebooks_in_a_parallel_run(tmp_path, gradlint):
    """Notebooks are checked in the workers too: the same report, located by cell, and
    the same notebooks written back."""
    for jobs in ("1", "4"):
        a_tree(tmp_path / jobs)
        for index in range(3):
            write(tmp_path / jobs, f"nb/n{index}.ipynb", notebook_text(CELLS))
        write(tmp_path / jobs, "nb/broken.ipynb", '{"cells": [}')
    for args in [(), ("--output-format", "full"), ("--diff",), ("--output-format", "json")]:
        serial = gradlint("--no-cache", "--jobs", "1", *args, ".", cwd=tmp_path / "1", status=1)
        parallel = gradlint("--no-cache", "--jobs", "4", *args, ".", cwd=tmp_path / "1", status=1)
        assert out(parallel) == out(serial) and err(parallel) == err(serial)
    assert "nb/n2.ipynb:cell 4:5:1: GL101 " in out(gradlint("--no-cache", ".", cwd=tmp_path / "1", status=1))
    serial = gradlint("--no-cache", "--jobs", "1", "--fix", ".", cwd=tmp_path / "1", status=1)
    parallel = gradlint("--no-cache", "--jobs", "4", "--fix", ".", cwd=tmp_path / "4", status=1)
    assert out(parallel) == out(serial) and err(parallel) == err(serial)
    for path in sorted((tmp_path / "1").rglob("*.ipynb")):
        assert path.read_bytes() == (tmp_path / "4" / path.relative_to(tmp_path / "1")).read_bytes()
    assert '"with torch.no_grad():\\n"' in (tmp_path / "4" / "nb" / "n1.ipynb").read_text()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_its_time_budget_is_named_and_the_rest_linted(tmp_path, gradlint, jobs):
    write(tmp_path, "big.py", generated(10_000))
    write(tmp_path, "train.py", FLAGGED)
    result = gradlint("--no-cache", "--jobs", jobs, "--file-timeout", "0.01", ".", cwd=tmp_path, status=2)
    assert re.fullmatch(
        r"gradlint: error: big\.py: not checked: its analysis ran over its time budget of 0\.1 s "
        r"\(raise it with --file-timeout\)\n",
        err(result),
    ), err(result)
    assert out(result).startswith("train.py:5:5: GL107 ")
    assert out(result).endswith(
        "Found 1 error.\n1 path could not be checked or fixed (see the errors above).\n"
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory budget is enforced on Linux")
@pytest.mark.parametrize("jobs", ["1", "3"])
def test_a_file_over_its_memory_budget_is_named_and_the_rest_linted(tmp_path, gradlint, jobs):
    write(tmp_path, "big.py", generated(5_000))  # some 150 MB of syntax tree
    write(tmp_path, "train.py", FLAGGED)
    write(tmp_path, "z.py", WITH_CLASS)
    result = gradlint("--no-cache", "--jobs", jobs, "--file-memory", "40", ".", cwd=tmp_path, status=2)
    assert err(result) == (
        "gradlint: error: big.py: not checked: its analysis ran over its memory budget of 40 MB "
        "(raise it with --file-memory)\n"
    )
    assert [line.split(" ")[0] for line in out(result).splitlines()[:2]] == ["train.py:5:5:", "z.py:3:6:"]
    # the same file with the default budget: fine
    gradlint("--no-cache", "--jobs", jobs, "big.py", cwd=tmp_path, status=0)


def test_a_crashing_worker_costs_one_file(tmp_path, gradlint):
    env = plugin(
        tmp_path,
        "import ctypes\n"
        "import gradlint.filecheck as f\n"
        "orig = f.check\n"
        "def check(job):\n"
        "    if 'crash' in job.path:\n"
        "        ctypes.string_at(0)  # a segmentation fault, as a bug in native code makes one\n"
        "    return orig(job)\n"
        "f.check = check\n",
    )
    for name in ("a.py", "crash.py", "z.py"):
        write(tmp_path, f"src/{name}", FLAGGED)
    result = gradlint("--no-cache", "--jobs", "1", "src", cwd=tmp_path, env=env, status=2)
    assert (
        err(result)
        == "gradlint: error: src/crash.py: not checked: the process analysing it stopped (SIGSEGV)\n"
    )
    assert [line[:13] for line in out(result).splitlines()[:2]] == ["src/a.py:5:5:", "src/z.py:5:5:"]


def test_jobs_must_be_a_positive_number(gradlint):
    for value in ("0", "-2", "many"):
        result = gradlint("--jobs", value, ".", status=2)
        assert err(result).endswith(
            f"gradlint: error: argument -j/--jobs: expected a whole number of at least 1, got '{value}'\n"
        )
    result = gradlint("--file-timeout", "0", ".", status=2)
    assert "argument --file-timeout: expected a number of seconds above 0, got '0'" in err(result)


def _interrupted_run(folder: Path) -> subprocess.CompletedProcess:
    """Start gradlint in a session of its own, and press Ctrl-C (SIGINT to the whole
    group, as a terminal does) while its workers are busy. SIGINT is set to its default
    in the child, as in a terminal: a test run in the background inherits it ignored."""
    process = subprocess.Popen(
        [console_script(), "--no-cache", "--jobs", "2", "."],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the workers go with it
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("worker processes outlived an interrupted run")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_ctrl_c_ends_the_run_with_130_and_no_traceback(tmp_path):
    write(tmp_path, "a_big.py", generated(20_000))
    write(tmp_path, "b_big.py", generated(20_000))
    for _ in range(4):
        result = _interrupted_run(tmp_path)
        assert result.returncode == 130, (result.returncode, result.stderr)
        assert result.stderr == b"" and result.stdout == b""


def _on_a_terminal(folder: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    """Run gradlint with its stderr on a pseudo-terminal; its status and what it wrote there."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [console_script(), *args],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=secondary,
        env={**os.environ, **env},
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.communicate(timeout=60)
    os.close(main)
    return process.returncode, b"".join(chunks).decode()


def test_progress_on_a_terminal_only(tmp_path, gradlint):
    env = plugin(tmp_path, "import gradlint.runner as r\nr._PROGRESS_AFTER = 0.0\n")
    for index in range(3):
        write(tmp_path, f"src/m{index}.py", FLAGGED)
    status, terminal = _on_a_terminal(tmp_path, env, "--no-cache", "--jobs", "1", "src")
    assert status == 1
    assert "gradlint: 1/3 files" in terminal
    assert terminal.endswith("\r\x1b[K")  # erased before the report
    # piped, or quiet: none
    piped = gradlint("--no-cache", "--jobs", "1", "src", cwd=tmp_path, env=env, status=1)
    assert err(piped) == ""
    status, terminal = _on_a_terminal(tmp_path, env, "--no-cache", "-q", "src")
    assert status == 1 and terminal == ""


def test_workers_keep_the_deep_stack(tmp_path, gradlint):
    """Deep code CPython accepts is analysed in the workers as it was in one process."""
    nested = "(" * 190 + "torch.ones(1)" + ")" * 190
    write(tmp_path, "deep.py", f"import torch\nz = {nested}\ntorch.no_grad()\n")
    for jobs in ("1", "2"):
        result = gradlint("--no-cache", "--jobs", jobs, "deep.py", cwd=tmp_path, status=1)
        assert out(result).startswith("deep.py:3:1: GL107 ")


def test_a_run_leaves_no_worker_behind(tmp_path):
    write(tmp_path, "a.py", FLAGGED)
    write(tmp_path, "b.py", FLAGGED)
    process = subprocess.Popen(
        [console_script(), "--no-cache", "--jobs", "3", "."],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert process.wait(timeout=60) == 1
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nobody left in its process group
