"""The pre-commit hook, run for real with `pre-commit try-repo` against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_cli import CLEAN, FLAGGED


def _pre_commit() -> list[str]:
    if shutil.which("pre-commit") is None and not (Path(sys.executable).parent / "pre-commit").exists():
        pytest.fail("pre-commit is not installed: pip install -e '.[test]'")
    return [sys.executable, "-m", "pre_commit"]


def _snapshot(destination: Path, env: dict) -> Path:
    """This checkout as it is on disk (new files included), committed in a repository of
    its own: try-repo only sees what git tracks."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    subprocess.run(["git", "init", "-q"], cwd=destination, check=True)
    subprocess.run(["git", "add", "."], cwd=destination, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "snapshot"], cwd=destination, check=True, env=env)
    return destination


def test_hook_fails_on_a_flagged_file_and_passes_once_fixed(tmp_path):
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@t",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@t",
    )
    hook_repo = _snapshot(tmp_path / "gradlint", env)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "train.py").write_text(FLAGGED)
    (repo / "serve.py").write_text(CLEAN)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)

    def hook():
        return subprocess.run(
            [*_pre_commit(), "try-repo", str(hook_repo), "gradlint", "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    failed = hook()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "train.py:5:5: GL107" in failed.stdout
    assert "serve.py" not in failed.stdout.split("- hook id: gradlint")[-1]

    (repo / "train.py").write_text(CLEAN)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    passed = hook()
    assert passed.returncode == 0, passed.stdout + passed.stderr
