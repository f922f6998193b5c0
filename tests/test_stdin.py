"""Editors pipe the buffer through `gradlint --fix --stdin-filename F -` and replace it
with stdout: stdout must be the code, byte for byte but for the fixes, or nothing when
the status is 2 (as with Ruff)."""

from __future__ import annotations

import pytest

from tests.conftest import err, out
from tests.test_cli import CLEAN, FLAGGED, WITH_CLASS, write

FIXED = WITH_CLASS.replace("no_grad:", "no_grad():")


def fix_stdin(gradlint, tmp_path, data: bytes, *args: str, status: int, name: str = "src/m.py"):
    return gradlint("--fix", *args, "--stdin-filename", name, "-", stdin=data, cwd=tmp_path, status=status)


@pytest.mark.parametrize("how", ["option", "config"])
def test_a_force_excluded_name_gets_its_source_back(tmp_path, gradlint, how):
    write(tmp_path, "pyproject.toml", '[tool.gradlint]\nextend-exclude = ["gen"]\n')
    if how == "config":
        write(tmp_path, "pyproject.toml", '[tool.gradlint]\nextend-exclude = ["gen"]\nforce-exclude = true\n')
    args = ("--force-exclude",) if how == "option" else ()
    data = WITH_CLASS.encode()
    result = fix_stdin(gradlint, tmp_path, data, *args, name="gen/m.py", status=0)
    assert result.stdout == data
    assert err(result) == ""
    # not excluded: fixed as usual
    result = fix_stdin(gradlint, tmp_path, data, *args, name="src/m.py", status=0)
    assert out(result) == FIXED


def test_a_force_excluded_name_without_fix_reports_nothing(tmp_path, gradlint):
    write(tmp_path, "pyproject.toml", '[tool.gradlint]\nextend-exclude = ["gen"]\n')
    result = gradlint(
        "--force-exclude", "--stdin-filename", "gen/m.py", "-", stdin=FLAGGED.encode(), cwd=tmp_path, status=0
    )
    assert result.stdout == b"" and result.stderr == b""


def test_undecodable_input_leaves_stdout_empty_and_exits_2(tmp_path, gradlint):
    data = b"import torch\ns = '\xff\xfe'\nwith torch.no_grad:\n    pass\n"
    result = fix_stdin(gradlint, tmp_path, data, status=2)
    assert result.stdout == b""
    assert err(result) == (
        "gradlint: error: src/m.py:2:6: could not decode as utf-8: invalid start byte; nothing written to stdout\n"
        "1 path could not be checked or fixed (see the errors above).\n"
    )
    # without --fix it is an ordinary finding, as for a file
    plain = gradlint("--stdin-filename", "src/m.py", "-", stdin=data, cwd=tmp_path, status=1)
    assert out(plain).startswith("src/m.py:2:6: GL001 could not parse: could not decode as utf-8")


@pytest.mark.parametrize(
    "original",
    [
        "# -*- coding: latin-1 -*-\nimport torch  # caf\xe9\nwith torch.no_grad:\n    pass\n".encode(
            "latin-1"
        ),
        "\ufeffimport torch\nwith torch.no_grad:\n    pass\n".encode("utf-8"),
        b"import torch\r\nwith torch.no_grad:\r\n\tpass\r\n",
        "# -*- coding: cp1252 -*-\nimport torch\nwith torch.no_grad:  # \u20ac\n    pass\n".encode("cp1252"),
    ],
    ids=["latin-1", "bom", "crlf-tabs", "cp1252"],
)
def test_fixed_code_keeps_every_other_byte(tmp_path, gradlint, original):
    result = fix_stdin(gradlint, tmp_path, original, status=0)
    assert result.stdout == original.replace(b"no_grad:", b"no_grad():")
    assert err(result) == "Found 1 error (1 fixed, 0 remaining).\n"


def test_code_without_fixes_comes_back_unchanged(tmp_path, gradlint):
    original = "# -*- coding: latin-1 -*-\r\nimport torch  # \xe9\r\n".encode("latin-1") + CLEAN.encode()
    result = fix_stdin(gradlint, tmp_path, original, status=0)
    assert result.stdout == original
    unfixable = fix_stdin(gradlint, tmp_path, FLAGGED.encode(), status=1)
    assert unfixable.stdout == FLAGGED.encode()
    assert err(unfixable).startswith("src/m.py:5:5: GL107 ")


def test_code_that_does_not_parse_comes_back_unchanged(tmp_path, gradlint):
    data = b"import torch\ndef broken(:\n"
    result = fix_stdin(gradlint, tmp_path, data, status=1)
    assert result.stdout == data
    assert err(result).startswith("src/m.py:2:12: GL001 could not parse: invalid syntax")


def test_an_internal_error_leaves_stdout_empty(tmp_path, gradlint):
    plugin = write(
        tmp_path,
        "plugins/sitecustomize.py",
        "import gradlint.rules.no_grad_not_entered as m\n"
        "def boom(self):\n"
        "    raise ValueError('kaboom')\n"
        "m.NoGradNotEntered.check = boom\n",
    )
    result = gradlint(
        "--fix",
        "--stdin-filename",
        "m.py",
        "-",
        stdin=WITH_CLASS.encode(),
        cwd=tmp_path,
        env={"PYTHONPATH": str(plugin.parent)},
        status=2,
    )
    assert result.stdout == b""
    assert err(result).startswith("gradlint: error: m.py: internal error: ValueError: kaboom\n")


def test_diff_on_stdin_names_the_file(tmp_path, gradlint):
    result = gradlint(
        "--diff", "--stdin-filename", "src/m.py", "-", stdin=WITH_CLASS.encode(), cwd=tmp_path, status=1
    )
    assert out(result).startswith("--- a/src/m.py\n+++ b/src/m.py\n")
    assert "-with torch.no_grad:\n+with torch.no_grad():\n" in out(result)
    assert err(result) == "Would fix 1 error.\n"


def test_the_report_goes_to_the_output_file_and_the_code_to_stdout(tmp_path, gradlint):
    result = fix_stdin(
        gradlint, tmp_path, (WITH_CLASS + "torch.no_grad()\n").encode(), "-o", "r.txt", status=1
    )
    assert out(result) == FIXED + "torch.no_grad()\n"
    assert err(result) == ""
    assert (tmp_path / "r.txt").read_text().endswith("Found 2 errors (1 fixed, 1 remaining).\n")
