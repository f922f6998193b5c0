"""Adopting gradlint on a large codebase: `--add-noqa` suppresses today's findings, and
GL002 (off by default) reports the suppressions that no longer hide anything."""

from __future__ import annotations

import pytest

from tests.conftest import err, out
from tests.test_cli import FLAGGED, write

LEAF = "import torch\nw = torch.ones(3, requires_grad=True)\n"


def test_add_noqa_suppresses_every_finding(tmp_path, gradlint):
    body = (
        LEAF
        + "w.add_(1)  # keep: legacy init\n"  # a comment already there
        + "w.mul_(2)  # noqa: E501\n"  # another tool's directive: merged
        + "torch.no_grad(); w.sub_(1)\n"  # two codes on one line
        + "x = [w.div_(2),\n     1]\n"  # inside brackets
        + "s = w.add_(3) if len('''\nline''') else 0\n"  # ends inside a string: left alone
    )
    path = write(tmp_path, "train.py", body)
    result = gradlint("--add-noqa", "train.py", cwd=tmp_path, status=1)
    assert err(result) == "Added 5 noqa directives.\n"
    assert out(result).startswith("train.py:8:5: GL101 ")  # the one that could not take a comment
    assert path.read_text() == (
        LEAF
        + "w.add_(1)  # keep: legacy init  # noqa: GL101\n"
        + "w.mul_(2)  # noqa: E501, GL101\n"
        + "torch.no_grad(); w.sub_(1)  # noqa: GL101, GL107\n"
        + "x = [w.div_(2),  # noqa: GL101\n     1]\n"
        + "s = w.add_(3) if len('''\nline''') else 0\n"
    )
    after = gradlint("train.py", cwd=tmp_path, status=1)
    assert out(after).splitlines() == [out(result).splitlines()[0], "Found 1 error."]


def test_add_noqa_keeps_crlf_and_a_clean_tree_untouched(tmp_path, gradlint):
    path = write(tmp_path, "a.py", FLAGGED.replace("\n", "\r\n").encode())
    clean = write(tmp_path, "b.py", "x = 1\n")
    result = gradlint("--add-noqa", ".", cwd=tmp_path, status=0)
    assert err(result) == "Added 1 noqa directive.\n" and out(result) == ""
    assert (
        path.read_bytes()
        == FLAGGED.replace("torch.no_grad()", "torch.no_grad()  # noqa: GL107").replace("\n", "\r\n").encode()
    )
    assert clean.read_text() == "x = 1\n"
    gradlint(".", cwd=tmp_path, status=0)


@pytest.mark.parametrize("other", ["--fix", "--diff", "-"])
def test_add_noqa_edits_files_only(tmp_path, gradlint, other):
    result = gradlint("--add-noqa", other, cwd=tmp_path, stdin=b"", status=2)
    assert err(result).startswith("gradlint: error: --add-noqa edits files in place")


UNUSED = (
    LEAF
    + "with torch.no_grad():\n"
    + "    w -= 1  # noqa: GL101\n"  # 4: nothing to suppress any more
    + "w.add_(1)  # noqa: GL101, GL107\n"  # 5: GL107 unused, GL101 used
    + "y = 2  # why # noqa: GL999, E501 -- see docs\n"  # 6: unknown code; E501 is another tool's
    + "z = 3  # noqa: GL103 -- reason\n"  # 7: GL103 is on by default: unused
    + "q = 4  # noqa: GL101, GL002\n"  # 8: kept on purpose
    + "r = 5  # noqa\n"  # 9: a bare noqa may serve other tools
)


def test_unused_noqa_is_off_by_default(tmp_path, gradlint):
    write(tmp_path, "a.py", UNUSED)
    gradlint("a.py", cwd=tmp_path, status=0)


def test_unused_noqa_reports_and_fixes(tmp_path, gradlint):
    path = write(tmp_path, "a.py", UNUSED)
    result = gradlint("--extend-select", "GL002", "--ignore", "GL103", "a.py", cwd=tmp_path, status=1)
    assert out(result).splitlines()[:4] == [
        "a.py:4:13: GL002 [*] unused `noqa` directive (unused: GL101); remove the codes that suppress nothing",
        "a.py:5:12: GL002 [*] unused `noqa` directive (unused: GL107); remove the codes that suppress nothing",
        "a.py:6:14: GL002 [*] unused `noqa` directive (unknown: GL999); remove the codes that suppress nothing",
        "a.py:7:8: GL002 [*] unused `noqa` directive (not enabled: GL103); remove the codes that suppress nothing",
    ]
    assert out(result).splitlines()[4] == "Found 4 errors."
    gradlint("--extend-select", "GL002", "--ignore", "GL103", "--fix", "a.py", cwd=tmp_path, status=0)
    assert path.read_text() == (
        LEAF
        + "with torch.no_grad():\n    w -= 1\n"
        + "w.add_(1)  # noqa: GL101\n"
        + "y = 2  # why # noqa: E501 -- see docs\n"
        + "z = 3  # -- reason\n"
        + "q = 4  # noqa: GL101, GL002\n"
        + "r = 5  # noqa\n"
    )


def test_unused_noqa_in_a_file_the_prefilter_skips(tmp_path, gradlint):
    write(tmp_path, "a.py", "x = 1  # noqa: GL101\n")
    result = gradlint("--select", "GL002,GL101", "a.py", cwd=tmp_path, status=1)
    assert out(result).startswith("a.py:1:8: GL002 [*] unused `noqa` directive (unused: GL101)")
