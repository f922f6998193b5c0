"""The flake8 plugin, run by the real flake8: `GL` codes, 1-based columns, flake8's noqa."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from gradlint import __version__
from tests.test_cli import FLAGGED, write
from tests.test_server import REFUSE_TO_PARSE

SOURCE = (
    FLAGGED
    + "\n\nw = torch.ones(2, requires_grad=True)\n"
    + "w.add_(1)  # noqa: GL101\n"  # 10: suppressed by flake8 and by gradlint
    + "w.mul_(2)  # noqa:GL1\n"  # 11: a prefix: flake8's noqa reads it, gradlint's does not
    + "print(w)  ;  w.sub_(1)\n"  # 12: column 14
)


def flake8(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8", *args], cwd=cwd, capture_output=True, text=True)


def test_flake8_select_gl_runs_the_rules(tmp_path, gradlint):
    write(tmp_path, "train.py", SOURCE)
    result = flake8("--select", "GL", "train.py", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    found = re.findall(r"^train\.py:(\d+):(\d+): (GL\d{3}) ", result.stdout, re.MULTILINE)
    assert found == [("5", "5", "GL107"), ("12", "14", "GL101")]
    # the same places as gradlint's own report, columns counted alike
    ours = gradlint("train.py", cwd=tmp_path, status=1)
    assert "train.py:5:5: GL107 " in ours.stdout.decode() and "train.py:12:14: GL101 " in ours.stdout.decode()
    assert "train.py:11:1: GL101 " in ours.stdout.decode()


def test_flake8_owns_noqa_and_selection(tmp_path):
    write(tmp_path, "train.py", SOURCE)
    everything = flake8("--select", "GL", "--disable-noqa", "train.py", cwd=tmp_path)
    assert re.findall(r":(\d+):\d+: GL", everything.stdout) == ["5", "10", "11", "12"]
    ignored = flake8("--select", "GL", "--extend-ignore", "GL107", "train.py", cwd=tmp_path)
    assert "GL107" not in ignored.stdout and "GL101" in ignored.stdout


def test_flake8_lists_the_plugin(tmp_path):
    result = flake8("--version", cwd=tmp_path)
    assert re.search(rf"torch-gradlint:\s+{re.escape(__version__)}\b", result.stdout), result.stdout


def test_code_gradlint_cannot_read_gets_no_finding_and_does_not_stop_flake8(tmp_path):
    write(tmp_path, "plugins/sitecustomize.py", REFUSE_TO_PARSE)
    write(tmp_path, "train.py", SOURCE)
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "GL,E999", "train.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "plugins")},
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


DEEP = (
    "import torch\n"
    "w = torch.ones(1, requires_grad=True)\n"
    "w.add_(1)\n"
    "x = "
    + "f(" * 180
    + "1"
    + ")" * 180
    + "\n"  # deeper than Python's default recursion limit lets libcst go
)


def test_deeply_nested_code_is_analysed_not_a_traceback(tmp_path):
    write(tmp_path, "deep.py", DEEP)
    result = flake8("--select", "GL", "deep.py", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, ""), result.stderr[-2000:]
    assert re.findall(r"^deep\.py:(\d+):\d+: (GL\d{3}) ", result.stdout, re.MULTILINE) == [("3", "GL101")]
