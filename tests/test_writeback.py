"""`--fix` writes through a temporary file renamed over the original: the mode, the
owner, a symlink and the line endings stay; a file edited meanwhile is left alone."""

from __future__ import annotations

import os

import pytest

from tests.conftest import err, out
from tests.test_cli import UNSAFE, WITH_CLASS, write

FIXED = WITH_CLASS.replace("no_grad:", "no_grad():")


def test_the_mode_stays_and_no_temporary_file_is_left(tmp_path, gradlint):
    path = write(tmp_path, "tool.py", "#!/usr/bin/env python\n" + WITH_CLASS)
    path.chmod(0o751)
    gradlint("--fix", "tool.py", cwd=tmp_path, status=0)
    assert path.read_text() == "#!/usr/bin/env python\n" + FIXED
    assert path.stat().st_mode & 0o7777 == 0o751
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gradlint_cache", "tool.py"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_the_owner_stays(tmp_path, gradlint):
    path = write(tmp_path, "m.py", WITH_CLASS)
    os.chown(path, 4321, 4321)
    gradlint("--fix", "m.py", cwd=tmp_path, status=0)
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4321)
    assert path.read_text() == FIXED


def test_a_symlink_stays_a_symlink(tmp_path, gradlint):
    target = write(tmp_path, "real/m.py", WITH_CLASS)
    (tmp_path / "m.py").symlink_to(target)
    gradlint("--fix", "m.py", cwd=tmp_path, status=0)
    assert (tmp_path / "m.py").is_symlink()
    assert target.read_text() == FIXED


def test_a_file_edited_during_the_fix_is_left_alone(tmp_path, gradlint):
    """Someone saves the file while gradlint works on it: their edit wins, gradlint says so."""
    write(tmp_path, "a.py", WITH_CLASS)
    path = write(tmp_path, "m.py", WITH_CLASS)
    write(
        tmp_path,
        "plugins/sitecustomize.py",
        "import gradlint.writeback as w\n"
        "orig = w.replace\n"
        "def replace(path, data, original):\n"
        "    if path == 'm.py':\n"
        "        with open(path, 'a') as handle:\n"
        "            handle.write('# saved by the editor\\n')\n"
        "    return orig(path, data, original=original)\n"
        "w.replace = replace\n",
    )
    result = gradlint(
        "--fix", "a.py", "m.py", cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "plugins")}, status=2
    )
    assert path.read_text() == WITH_CLASS + "# saved by the editor\n"
    assert (tmp_path / "a.py").read_text() == FIXED
    assert err(result) == (
        "gradlint: error: m.py: cannot write the fixes: it changed since gradlint read it; "
        "nothing written (run gradlint again)\n"
    )
    assert out(result).startswith("m.py:3:6: GL107 [*]")
    assert "Found 2 errors (1 fixed, 1 remaining)." in out(result)


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_fixes_keep_the_line_endings(tmp_path, gradlint, newline):
    """Old Mac files too: the fixer and libcst count the same lines, and an inserted line
    ends as the others do."""
    original = (UNSAFE + "with torch.no_grad:\n    pass\n").replace("\n", newline)
    path = write(tmp_path, "m.py", original.encode())
    result = gradlint("--fix", "--unsafe-fixes", "m.py", cwd=tmp_path, status=0)
    assert out(result) == "Found 2 errors (2 fixed, 0 remaining).\n"
    expected = (
        "import torch\n\nw = torch.zeros(3, requires_grad=True)\n"
        "with torch.no_grad():\n    w.add_(1)\nwith torch.no_grad():\n    pass\n"
    )
    assert path.read_bytes() == expected.replace("\n", newline).encode()
    gradlint("--fix", "--unsafe-fixes", "m.py", cwd=tmp_path, status=0)  # nothing left to do
    assert path.read_bytes() == expected.replace("\n", newline).encode()
