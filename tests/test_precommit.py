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


def test_hook_fails_on_a_flagged_file_and_passes_once_fixed(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@t",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@t",
    )
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "train.py").write_text(FLAGGED)
    (repo / "serve.py").write_text(CLEAN)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)

    def hook():
        return subprocess.run(
            [*_pre_commit(), "try-repo", str(ROOT), "gradlint", "--all-files"],
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
