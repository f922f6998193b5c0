"""`gradlint.lint(text, path=...)`: the documented Python API, for tools that embed the linter."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

import gradlint
from gradlint import source
from gradlint.config import ConfigError
from tests.test_cli import FLAGGED, WITH_CLASS, write
from tests.test_notebook import CELLS, notebook_text


def test_lint_returns_findings_as_plain_data():
    (finding,) = gradlint.lint(FLAGGED, path="train.py", isolated=True)
    assert isinstance(finding, gradlint.Finding)
    assert dataclasses.asdict(finding) == {
        "path": "train.py",
        "code": "GL107",
        "message": finding.message,
        "start": {"line": 5, "column": 5},
        "end": {"line": 5, "column": 20},
        "fix": None,
        "cell": None,
    }
    assert finding.message.startswith("`torch.no_grad()` as a statement")
    json.dumps(dataclasses.asdict(finding))  # serialisable as it is


def test_lint_fixes_are_data_too():
    (finding,) = gradlint.lint(WITH_CLASS, isolated=True)
    assert finding.path == "<string>"
    assert finding.fix == gradlint.Fix(
        "safe",
        "Call it: `torch.no_grad()`",
        (gradlint.Edit(gradlint.Location(3, 19), gradlint.Location(3, 19), "()"),),
    )


def test_selection_and_the_configuration_of_the_path(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.gradlint]\nignore = ["GL107"]\n')
    path = str(tmp_path / "src" / "train.py")  # need not exist
    assert gradlint.lint(FLAGGED, path=path) == []
    assert [f.code for f in gradlint.lint(FLAGGED, path=path, isolated=True)] == ["GL107"]
    assert [f.code for f in gradlint.lint(FLAGGED, path=path, extend_select=["GL107"])] == ["GL107"]
    assert gradlint.lint(FLAGGED, path=path, isolated=True, select=["GL101"]) == []
    with pytest.raises(ConfigError, match="unknown rule selector `GL999`"):
        gradlint.lint(FLAGGED, ignore=["GL999"])


def test_notebooks_and_broken_text():
    findings = gradlint.lint(notebook_text(CELLS), path="nb.ipynb", isolated=True)
    assert [(f.code, f.cell, f.start.line) for f in findings] == [("GL107", 4, 3), ("GL101", 4, 5)]
    (broken,) = gradlint.lint("def f(:\n", isolated=True)
    assert broken.code == "GL001" and broken.start == gradlint.Location(1, 7)


def test_code_gradlint_cannot_read_raises(monkeypatch):
    """Python accepts it, libcst cannot read it: no finding (it may well be fine), but an
    error, as the command line names the file as not checked."""

    def refuse(text, *args, **kwargs):
        raise RecursionError

    monkeypatch.setattr(source.cst, "parse_module", refuse)
    with pytest.raises(source.NotAnalysable, match="too deeply nested for libcst to parse"):
        gradlint.lint(FLAGGED, isolated=True)
    (broken,) = gradlint.lint("def f(:\n", isolated=True)  # what Python rejects is still GL001
    assert broken.code == "GL001"


def test_importing_gradlint_stays_cheap():
    code = "import sys, gradlint; assert 'libcst' not in sys.modules; gradlint.lint; assert 'libcst' in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_deeply_nested_code_is_analysed_and_the_recursion_limit_left_alone():
    import sys

    from tests.test_flake8 import DEEP

    before = sys.getrecursionlimit()
    assert [(f.code, f.start.line) for f in gradlint.lint(DEEP, "deep.py", isolated=True)] == [("GL101", 3)]
    assert sys.getrecursionlimit() == before
