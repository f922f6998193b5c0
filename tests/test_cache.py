"""The result cache: `.gradlint_cache/`, keyed by content, settings and gradlint itself."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from gradlint import cache
from tests.conftest import ROOT, err, out
from tests.test_cli import FLAGGED, UNSAFE, WITH_CLASS, write
from tests.test_notebook import CELLS, cell, notebook_text

#: makes every analysis a problem: a run that prints findings with it served them from the cache
NO_ANALYSIS = (
    "import gradlint.filecheck as f\n"
    "def check(job):\n"
    "    return f.FileResult(problem='analysis attempted')\n"
    "f.check = check\n"
)


def without_analysis(folder: Path) -> dict[str, str]:
    write(folder, "plugins/sitecustomize.py", NO_ANALYSIS)
    return {"PYTHONPATH": str(folder / "plugins")}


def project(folder: Path) -> Path:
    write(folder, "src/a.py", FLAGGED)
    write(folder, "src/b.py", WITH_CLASS + "x = 1  # noqa:\n")
    write(folder, "src/c.py", UNSAFE)
    write(folder, "src/broken.py", "def f(:\n")
    write(folder, "src/clean.py", "x = 1\n")
    return folder


def test_a_warm_run_prints_the_same_without_analysing_anything(tmp_path, gradlint):
    project(tmp_path)
    for args in [(), ("--output-format", "json"), ("--output-format", "full", "--show-fixes")]:
        cold = gradlint(*args, "src", cwd=tmp_path, status=1)
        warm = gradlint(*args, "src", cwd=tmp_path, env=without_analysis(tmp_path), status=1)
        assert out(warm) == out(cold) and err(warm) == err(cold)
        assert "gradlint: warning: src/b.py:5: invalid `# noqa` directive" in err(warm)  # kept too


def notebooks(folder: Path) -> Path:
    write(folder, "src/nb.ipynb", notebook_text(CELLS))
    cells = [
        cell("import torch\nx = torch.ones(3, requires_grad=True)\ny = x.exp()"),
        cell("y.add_(1)  # noqa:\nz = 1"),
        cell("y.sum().backward()"),
    ]
    write(folder, "src/warned.ipynb", notebook_text(cells))
    write(folder, "src/broken.ipynb", '{"cells": [}')
    write(folder, "src/a.py", FLAGGED)
    return folder


def test_a_warm_run_prints_notebooks_by_cell_without_analysing_them(tmp_path, gradlint):
    notebooks(tmp_path)
    for args in [(), ("--output-format", "json"), ("--output-format", "full"), ("--output-format", "gitlab")]:
        cold = gradlint(*args, "src", cwd=tmp_path, status=1)
        warm = gradlint(*args, "src", cwd=tmp_path, env=without_analysis(tmp_path), status=1)
        assert out(warm) == out(cold) and err(warm) == err(cold)
    warm = gradlint("src", cwd=tmp_path, env=without_analysis(tmp_path), status=1)
    assert "src/nb.ipynb:cell 4:3:6: GL107 [*] " in out(warm)
    assert "src/warned.ipynb:cell 2:1:1: GL102 " in out(warm) and "(line 3 of cell 1)" in out(warm)
    assert "gradlint: warning: src/warned.ipynb:cell 2:1: invalid `# noqa` directive" in err(warm)


def test_fixes_and_noqa_comments_are_made_to_a_cached_notebook(tmp_path, gradlint):
    original = notebook_text(CELLS)
    path = write(tmp_path, "nb.ipynb", original)
    gradlint("nb.ipynb", cwd=tmp_path, status=1)
    result = gradlint("--fix", "nb.ipynb", cwd=tmp_path, status=1)
    assert "Found 2 errors (1 fixed, 1 remaining)." in out(result)
    fixed = original.replace('"with torch.no_grad:\\n"', '"with torch.no_grad():\\n"', 1)
    assert fixed != original and path.read_text(encoding="utf-8") == fixed
    path.write_text(original, encoding="utf-8")  # its findings are in the cache
    result = gradlint("--add-noqa", "nb.ipynb", cwd=tmp_path, status=0)
    assert err(result) == "Added 2 noqa directives.\n"
    gradlint("nb.ipynb", cwd=tmp_path, status=0)


def test_the_cache_folder_is_tagged_and_ignored_by_git(tmp_path, gradlint):
    project(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    gradlint("src", cwd=tmp_path, status=1)
    folder = tmp_path / ".gradlint_cache"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path, capture_output=True, text=True)
    assert ".gradlint_cache" not in status.stdout
    (key,) = [p for p in folder.iterdir() if p.is_dir()]
    assert key.name.startswith(f"{cache.__version__}-")


def test_a_changed_file_is_analysed_again(tmp_path, gradlint):
    project(tmp_path)
    gradlint("src", cwd=tmp_path, status=1)
    write(tmp_path, "src/clean.py", FLAGGED)
    result = gradlint("src", cwd=tmp_path, status=1)
    assert "src/clean.py:5:5: GL107" in out(result)
    # the same bytes under another name are analysed too (the entry is per file)
    shutil.copy(tmp_path / "src/a.py", tmp_path / "src/d.py")
    fresh = gradlint("src/d.py", cwd=tmp_path, env=without_analysis(tmp_path), status=2)
    assert err(fresh) == "gradlint: error: src/d.py: analysis attempted\n"


def test_other_settings_are_other_entries(tmp_path, gradlint):
    """A file's effective rules are in the key: an ignore, a per-file ignore or another
    configuration file never serves the results of another."""
    project(tmp_path)
    gradlint("src", cwd=tmp_path, status=1)
    assert "GL107" not in out(gradlint("--ignore", "GL107", "src/b.py", cwd=tmp_path, status=0))
    ignored = gradlint("--per-file-ignores", "src/a.py:GL107", "src/a.py", cwd=tmp_path, status=0)
    assert out(ignored) == "All checks passed!\n"
    write(tmp_path, "src/pyproject.toml", '[tool.gradlint]\nselect = ["GL101"]\n')
    result = gradlint("src", cwd=tmp_path, status=1)
    assert {line.split(" ")[1] for line in out(result).splitlines() if ": GL" in line} == {"GL001", "GL101"}
    write(tmp_path, "src/pyproject.toml", "[tool.gradlint]\n")
    assert "src/a.py:5:5: GL107" in out(gradlint("src", cwd=tmp_path, status=1))


def test_fixes_are_made_from_a_cached_result(tmp_path, gradlint):
    project(tmp_path)
    gradlint("src", cwd=tmp_path, status=1)
    result = gradlint("--fix", "src", cwd=tmp_path, status=1)
    assert "(1 fixed," in out(result)
    assert (tmp_path / "src/b.py").read_text().startswith(WITH_CLASS.replace("no_grad:", "no_grad():"))


def test_no_cache_and_where_it_goes(tmp_path, gradlint):
    project(tmp_path)
    gradlint("--no-cache", "src", cwd=tmp_path, status=1)
    gradlint("src", cwd=tmp_path, env={"GRADLINT_NO_CACHE": "1"}, status=1)
    assert not (tmp_path / ".gradlint_cache").exists()
    gradlint("--cache-dir", "elsewhere", "src", cwd=tmp_path, status=1)
    assert (tmp_path / "elsewhere" / "CACHEDIR.TAG").is_file()
    gradlint("src", cwd=tmp_path, env={"GRADLINT_CACHE_DIR": str(tmp_path / "env")}, status=1)
    assert (tmp_path / "env" / "CACHEDIR.TAG").is_file()
    assert not (tmp_path / ".gradlint_cache").exists()
    # the project root: the folder of the configuration found from the working directory
    write(tmp_path, "pyproject.toml", "[tool.gradlint]\n")
    gradlint(".", cwd=tmp_path / "src", status=1)
    assert (tmp_path / ".gradlint_cache" / "CACHEDIR.TAG").is_file()
    assert not (tmp_path / "src" / ".gradlint_cache").exists()


def test_a_damaged_cache_is_ignored(tmp_path, gradlint):
    project(tmp_path)
    cold = gradlint("src", cwd=tmp_path, status=1)
    for shard in (tmp_path / ".gradlint_cache").rglob("*.json"):
        data = json.loads(shard.read_text())
        for entry in data["entries"].values():
            entry[2] = {"findings": [["GL107", "a lie"]], "warnings": []}
        shard.write_text(json.dumps(data))
    assert out(gradlint("src", cwd=tmp_path, status=1)) == out(cold)
    for shard in (tmp_path / ".gradlint_cache").rglob("*.json"):
        shard.write_bytes(b"\x00not json")
    assert out(gradlint("src", cwd=tmp_path, status=1)) == out(cold)


def test_a_cache_that_cannot_be_written_is_a_warning(tmp_path, gradlint):
    project(tmp_path)
    write(tmp_path, "blocked", "a file where the cache folder would go\n")
    result = gradlint("--cache-dir", "blocked/cache", "src", cwd=tmp_path, status=1)
    assert "Found 4 errors." in out(result)
    assert err(result).endswith(
        "gradlint: warning: cannot write the cache in blocked/cache: Not a directory\n"
    )


def test_stdin_is_not_cached(tmp_path, gradlint):
    gradlint("--stdin-filename", "src/a.py", "-", stdin=FLAGGED.encode(), cwd=tmp_path, status=1)
    assert not (tmp_path / ".gradlint_cache").exists()


def test_a_changed_rule_never_serves_stale_results(tmp_path):
    """Edit a rule's source (in a copy of the package): the cached results of the old
    rule are not served; the new rule's message is printed."""
    copy = tmp_path / "lib"
    shutil.copytree(ROOT / "gradlint", copy / "gradlint", ignore=shutil.ignore_patterns("__pycache__"))
    write(tmp_path, "work/a.py", FLAGGED)

    def lint() -> str:
        main = (
            "import sys, gradlint.cli as cli\n"
            f"assert cli.__file__.startswith({str(copy)!r}), cli.__file__\n"
            "sys.exit(cli.main())\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", main, "a.py"],
            cwd=tmp_path / "work",
            env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1, result.stderr
        return result.stdout

    assert "builds a context manager and drops it" in lint()
    rule = copy / "gradlint" / "rules" / "no_grad_not_entered.py"
    text = rule.read_text()
    assert "builds a context manager and drops it" in text
    rule.write_text(text.replace("builds a context manager and drops it", "makes a context manager, unused"))
    assert "makes a context manager, unused" in lint()


def test_the_key_covers_gradlint_libcst_and_python(monkeypatch, tmp_path):
    shutil.copytree(ROOT / "gradlint", tmp_path / "gradlint", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", tmp_path / "gradlint")
    before = cache.gradlint_key()
    (tmp_path / "gradlint" / "data" / "inplace_ops.json").write_text("[]")
    assert cache.gradlint_key() != before
    monkeypatch.setattr(cache, "_libcst_version", lambda: "0.0.1")
    changed = cache.gradlint_key()
    monkeypatch.setattr(cache.sys, "version", "2.7.18")
    assert cache.gradlint_key() != changed
