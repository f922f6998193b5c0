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


def unprivileged() -> list[str]:
    """A command prefix under which file permissions hold: nothing for a normal user;
    for root, setpriv dropping the capabilities that bypass them."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be enforced")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def run_gradlint(
    *args: str,
    status: int,
    cwd: Path | str | None = None,
    stdin: bytes | None = None,
    env: dict | None = None,
    privileged: bool = True,
) -> subprocess.CompletedProcess:
    """Run the console script and check its exit status: every command a test runs says
    which status it expects (``status``), so none goes unchecked. ``privileged=False``
    makes file permissions hold even when the tests run as root."""
    full_env = dict(os.environ)
    full_env.pop("GRADLINT_TRACEBACK", None)
    if env:
        full_env.update(env)
    result = subprocess.run(
        [*([] if privileged else unprivileged()), console_script(), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=full_env,
        timeout=120,
    )
    assert result.returncode == status, (
        f"`gradlint {' '.join(args)}` exited {result.returncode}, expected {status}\n"
        f"stdout:\n{result.stdout.decode('utf-8', 'replace')}\n"
        f"stderr:\n{result.stderr.decode('utf-8', 'replace')}"
    )
    return result


@pytest.fixture
def gradlint():
    """Run the console script; returns a CompletedProcess with bytes output."""
    return run_gradlint


def out(result) -> str:
    return result.stdout.decode("utf-8")


def err(result) -> str:
    return result.stderr.decode("utf-8")


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_IDENTITY}
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def local_clone(tmp_path_factory) -> Path:
    """This checkout as it is on disk (new files included), committed in a repository of
    its own and tagged as a release is (`v` and the version): what the README's snippets
    fetch from GitHub, here instead."""
    from gradlint import __version__

    destination = tmp_path_factory.mktemp("clone") / "gradlint"
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", cwd=ROOT).splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git("init", "-q", cwd=destination)
    git("add", ".", cwd=destination)
    git("commit", "-q", "-m", "snapshot", cwd=destination)
    git("tag", f"v{__version__}", cwd=destination)
    return destination


@pytest.fixture(scope="session")
def wheel(local_clone, tmp_path_factory) -> Path:
    """The wheel `pip install torch-gradlint` would fetch, built from the local clone."""
    out_dir = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out_dir), str(local_clone)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (out_dir / "build.log").write_text(result.stdout + result.stderr)  # for test_packaging
    (built,) = out_dir.glob("torch_gradlint-*.whl")
    return built
