from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"


def console_script() -> str:
    """The installed `gradlint` console script: CLI tests run the real thing."""
    candidate = Path(sys.executable).parent / ("gradlint.exe" if os.name == "nt" else "gradlint")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("gradlint")
    if found is None:
        pytest.fail("the gradlint console script is not installed: pip install -e '.[test]'")
    return found


def run_gradlint(
    *args: str, cwd: Path | str | None = None, stdin: bytes | None = None, env: dict | None = None
):
    full_env = dict(os.environ)
    full_env.pop("GRADLINT_TRACEBACK", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [console_script(), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=full_env,
        timeout=120,
    )


@pytest.fixture
def gradlint():
    """Run the console script; returns a CompletedProcess with bytes output."""
    return run_gradlint


def out(result) -> str:
    return result.stdout.decode("utf-8")


def err(result) -> str:
    return result.stderr.decode("utf-8")
