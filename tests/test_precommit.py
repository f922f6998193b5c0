"""The pre-commit hook, run for real: the README's snippet as written, with the
repository URL replaced by a local clone of this checkout (tagged as a release is)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from gradlint import __version__
from tests.conftest import GIT_IDENTITY, ROOT, git
from tests.test_cli import CLEAN, FLAGGED
from tests.test_notebook import cell, notebook_text
from tests.test_readme import README_URL, snippet


def readme_config(clone: Path) -> str:
    """The README's pre-commit snippet, pointed at ``clone`` instead of GitHub."""
    text = snippet("pre-commit", "yaml")
    assert text.count(README_URL) == 1
    return text.replace(README_URL, str(clone))


def test_the_readme_names_the_tag_a_release_makes():
    (repo,) = yaml.safe_load(snippet("pre-commit", "yaml"))["repos"]
    assert repo["repo"] == README_URL
    assert repo["rev"] == f"v{__version__}", "a release tags `v<version>`: move the snippet's rev with it"
    assert repo["hooks"] == [{"id": "gradlint"}]


def test_the_hook_runs_once_for_all_files():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["require_serial"] is True
    assert hook["entry"] == "gradlint --force-exclude"
    assert hook["types_or"] == ["python", "pyi", "jupyter"]


def test_the_readme_snippet_fails_on_a_flagged_file_and_passes_once_fixed(tmp_path, local_clone):
    env = {**os.environ, **GIT_IDENTITY, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(readme_config(local_clone))
    # enough files for pre-commit to split them between processes, unless the hook is serial
    for index in range(9):
        (repo / f"train_{index}.py").write_text(FLAGGED)
    (repo / "serve.py").write_text(CLEAN)
    (repo / "explore.ipynb").write_text(notebook_text([cell("import torch"), cell(FLAGGED)]))
    git("add", ".", cwd=repo)

    def hook() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    failed = hook()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    report = failed.stdout.split("- hook id: gradlint")[-1]
    for index in range(9):
        assert f"train_{index}.py:5:5: GL107" in report
    assert "explore.ipynb:cell 2:5:5: GL107" in report  # notebooks are passed to the hook too
    assert "serve.py" not in report
    assert report.count("Found ") == 1 and "Found 10 errors." in report, report

    for index in range(9):
        (repo / f"train_{index}.py").write_text(CLEAN)
    (repo / "explore.ipynb").write_text(notebook_text([cell("import torch"), cell(CLEAN)]))
    git("add", ".", cwd=repo)
    passed = hook()
    assert passed.returncode == 0, passed.stdout + passed.stderr
