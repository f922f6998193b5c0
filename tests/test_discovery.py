"""Which files get linted: suffixes, default excludes, .gitignore."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gradlint.gitignore import IgnoreFile
from tests.conftest import out
from tests.test_cli import CLEAN, write


def listed(gradlint, cwd: Path, *args: str) -> list[str]:
    return out(gradlint("--show-files", *args, cwd=cwd, status=0)).splitlines()


def test_default_excludes(tmp_path, gradlint):
    for folder in (
        ".git",
        ".venv",
        "venv",
        "__pycache__",
        "build",
        "dist",
        ".tox",
        ".nox",
        "node_modules",
        "lib/site-packages",
    ):
        write(tmp_path, f"{folder}/x.py", CLEAN)
    write(tmp_path, "pkg/mod.py", CLEAN)
    write(tmp_path, "pkg/stubs.pyi", CLEAN)
    write(tmp_path, "notes.txt", CLEAN)
    assert listed(gradlint, tmp_path) == ["pkg/mod.py", "pkg/stubs.pyi"]


def test_gitignore_is_respected(tmp_path, gradlint):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, ".gitignore", "generated/\n*_pb2.py\n/top_only.py\n!keep_pb2.py\n")
    write(tmp_path, "sub/.gitignore", "local.py\n")
    for name in (
        "generated/a.py",
        "x_pb2.py",
        "keep_pb2.py",
        "top_only.py",
        "sub/top_only.py",
        "sub/local.py",
        "sub/kept.py",
        "main.py",
    ):
        write(tmp_path, name, CLEAN)
    assert listed(gradlint, tmp_path) == ["keep_pb2.py", "main.py", "sub/kept.py", "sub/top_only.py"]
    everything = listed(gradlint, tmp_path, "--no-respect-gitignore")
    assert "generated/a.py" in everything and "sub/local.py" in everything


def test_gitignore_of_the_repository_applies_below_the_working_directory(tmp_path, gradlint):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, ".gitignore", "skip_me/\n")
    write(tmp_path, "src/skip_me/a.py", CLEAN)
    write(tmp_path, "src/b.py", CLEAN)
    assert listed(gradlint, tmp_path / "src") == ["b.py"]


@pytest.mark.parametrize(
    "pattern, path, is_dir, ignored",
    [
        ("*.py", "a/b.py", False, True),
        ("/a.py", "a.py", False, True),
        ("/a.py", "sub/a.py", False, False),
        ("docs/*.py", "docs/x.py", False, True),
        ("docs/*.py", "docs/deep/x.py", False, False),
        ("**/gen", "x/y/gen", True, True),
        ("out/", "out", False, False),
        ("out/", "out", True, True),
        ("a/**/z.py", "a/b/c/z.py", False, True),
        ("a/**/z.py", "a/z.py", False, True),
        ("[ab].py", "b.py", False, True),
        ("?.py", "ab.py", False, False),
        ("\\#x.py", "#x.py", False, True),
    ],
)
def test_gitignore_patterns(tmp_path, pattern, path, is_dir, ignored):
    rules = IgnoreFile(tmp_path, [pattern])
    assert bool(rules.decide(tmp_path / path, is_dir)) is ignored
