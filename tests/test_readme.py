"""Every snippet in the README, tried as written.

Commands run through bash in a sample project, with this environment's `gradlint`,
`python` and `pip` first on PATH. Two substitutions stand for what a test cannot fetch:
the repository URL becomes a local clone of this checkout (tagged as a release is), and
`torch-gradlint` on the package index becomes a wheel built from that clone. What cannot
run inside the test suite says why, and where it runs instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from gradlint import __version__
from tests.conftest import ROOT
from tests.test_cli import FLAGGED, UNSAFE, WITH_CLASS, write

README = ROOT / "README.md"
README_URL = "https://github.com/gradlint/gradlint"
EXAMPLE = Path(__file__).parent / "data" / "readme_example"
CI_SCRIPT = ROOT / ".ci" / "run"
DISTRIBUTION = "torch-gradlint"


@dataclass(frozen=True)
class Snippet:
    section: str  # the `#` or `##` heading above it
    lang: str
    index: int  # among the section's snippets in this language
    text: str

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.section, self.lang, self.index)

    def lines(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip()]


def snippets() -> list[Snippet]:
    found: list[Snippet] = []
    counts: Counter = Counter()
    section = ""
    lines = README.read_text(encoding="utf-8").splitlines(keepends=True)
    index = 0
    while index < len(lines):
        line = lines[index]
        if re.match(r"#{1,2} ", line):
            section = line.lstrip("#").strip()
        elif line.startswith("```"):
            lang = line[3:].strip()
            body = []
            index += 1
            while not lines[index].startswith("```"):
                body.append(lines[index])
                index += 1
            found.append(Snippet(section, lang, counts[(section, lang)], "".join(body)))
            counts[(section, lang)] += 1
        index += 1
    return found


def snippet(section: str, lang: str, index: int = 0) -> str:
    (text,) = [s.text for s in snippets() if s.key == (section, lang, index)]
    return text


def command(line: str) -> str:
    """A snippet line without its trailing comment."""
    return re.sub(r"\s+#.*$", "", line).strip()


def comment(line: str) -> str:
    match = re.search(r"\s#\s*(.*)$", line)
    return match.group(1) if match else ""


def bash(line: str, cwd: Path, path_first: Path | None = None, *, status: int) -> subprocess.CompletedProcess:
    """Run one README line as written, with this environment (or a venv) first on PATH,
    and check its exit status."""
    bin_dir = path_first or Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == status, (
        f"{line!r} exited {result.returncode}, expected {status}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


def run_lines(text: str, statuses: dict[str, int], cwd: Path, path_first: Path | None = None) -> dict:
    """Run every line of a snippet, checking each one's exit status; every line must have one."""
    results = {}
    for line in [line for line in text.splitlines() if line.strip()]:
        assert command(line) in statuses, f"the test does not know README line {line!r}"
        results[command(line)] = bash(line, cwd, path_first, status=statuses[command(line)])
    return results


# ---------------------------------------------------------------- the inventory

#: every snippet of the README and the test that tries it
TRIED = {
    ("gradlint", "console", 0): "test_the_opening_example_is_real_output",
    ("Install", "bash", 0): "test_install",
    ("Install", "bash", 1): "test_removing_the_other_gradlint",
    ("Set up and run", "bash", 0): "test_cpu_torch_is_kept_by_the_test_extra",
    ("Set up and run", "bash", 1): "test_set_up_commands",
    ("Quick start", "bash", 0): "test_quick_start",
    ("Configuration", "toml", 0): "test_configuration_example",
    ("pre-commit", "yaml", 0): "tests/test_precommit.py",
    ("GitHub Actions", "yaml", 0): "test_github_actions_recipe",
    ("Editors", "bash", 0): "test_editor_commands",
    ("Editors", "bash", 1): "test_language_server_commands",
    ("Editors", "json", 0): "test_vscode_recipe",
    ("Editors", "lua", 0): "test_neovim_recipe",
    ("Editors", "elisp", 0): "test_emacs_recipe",
    ("Notebooks", "bash", 0): "test_notebook_commands",
    ("Adopting gradlint on a large codebase", "bash", 0): "test_adoption_commands",
    ("GitLab CI", "yaml", 0): "test_gitlab_ci_recipe",
    ("flake8", "bash", 0): "test_flake8_commands",
    ("Python API", "python", 0): "test_python_api_example",
    ("How we verify the rules", "bash", 0): "test_verify_commands",
    ("Development", "bash", 0): "test_development_commands",
}


def test_every_snippet_is_tried():
    assert {s.key for s in snippets()} == set(TRIED)


def test_ci_runs_the_readme_commands_a_test_cannot():
    """pytest cannot run itself; CI runs the README's lines for it, verbatim."""
    script = CI_SCRIPT.read_text()
    for line in ("pip install --quiet -e '.[test,dev]'", "pytest", "ruff check . && ruff format --check ."):
        assert re.search(rf"^(python -m )?{re.escape(line)}( |$)", script, re.MULTILINE), line


# ---------------------------------------------------------------- examples of use


def sample_project(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "project")
    project = tmp_path / "project"
    write(project, "src/eval.py", WITH_CLASS)
    write(project, "scripts/train.py", FLAGGED)
    return project


def test_the_opening_example_is_real_output(tmp_path):
    first, *expected = snippet("gradlint", "console").splitlines(keepends=True)
    assert first.startswith("$ ")
    shutil.copytree(EXAMPLE, tmp_path / "project")
    result = bash(first[2:], tmp_path / "project", status=1)
    assert result.stdout == "".join(expected)
    assert result.stderr == ""


def test_quick_start(tmp_path):
    project = sample_project(tmp_path)
    results = run_lines(
        snippet("Quick start", "bash"),
        {
            "gradlint": 1,
            "gradlint src/ scripts/train.py": 1,
            "gradlint --fix src/": 1,  # fixes src/eval.py; src/train.py's findings have no safe fix
            "gradlint --diff src/": 0,  # nothing left to fix
            "gradlint --output-format json src/ > findings.json": 1,
            "gradlint --statistics src/": 1,
            "gradlint --show-settings src/train.py": 0,
            "gradlint rule GL107": 0,
        },
        project,
    )
    assert "Found 6 errors." in results["gradlint"].stdout
    assert (project / "src/eval.py").read_text() == WITH_CLASS.replace("no_grad:", "no_grad():")
    assert results["gradlint --diff src/"].stderr == "No errors would be fixed.\n"
    findings = json.loads((project / "findings.json").read_text())
    assert sorted(f["code"] for f in findings) == ["GL101", "GL102", "GL103", "GL107"]
    assert results["gradlint --statistics src/"].stdout.startswith("1\tGL101\t")
    assert results["gradlint rule GL107"].stdout.startswith("# no-grad-not-entered (GL107)")
    settings = results["gradlint --show-settings src/train.py"].stdout
    assert settings.startswith(f'Resolved settings for: "{(project / "src/train.py").as_posix()}"\n')


def test_editor_commands(tmp_path):
    project = sample_project(tmp_path)
    original = (project / "src/train.py").read_bytes()
    lines = snippet("Editors", "bash").splitlines()
    results = run_lines(
        snippet("Editors", "bash"),
        {command(line): 1 for line in lines},  # src/train.py has findings and no safe fix
        project,
    )
    plain, as_json, fixed = (results[command(line)] for line in lines)
    assert plain.stdout.startswith("src/train.py:13:9: GL102 ")
    assert {f["filename"] for f in json.loads(as_json.stdout)} == {str(project / "src/train.py")}
    assert fixed.stdout.encode() == original  # the code, unchanged: only an unsafe fix is on offer
    assert fixed.stderr.endswith(
        "Found 4 errors.\nNo fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
    )


def test_configuration_example(tmp_path):
    project = tmp_path / "project"
    write(project, "pyproject.toml", '[project]\nname = "demo"\n\n' + snippet("Configuration", "toml"))
    body = UNSAFE + FLAGGED.replace("import torch\n", "")  # a GL101 (line 4) and a GL107 (line 8)
    for name in ("src/a.py", "tests/test_a.py", "legacy/old.py", "gen/out.py", "build/b.py"):
        write(project, name, body)
    result = bash("gradlint .", project, status=1)
    # select GL1, then GL107 both extended and ignored (a tie: ignored); tests/* ignore GL101;
    # legacy excluded, gen/* excluded, build linted (exclude replaced the defaults)
    assert re.findall(r"^(\S+):\d+:\d+: (GL\d+)", result.stdout, re.MULTILINE) == [
        ("build/b.py", "GL101"),
        ("src/a.py", "GL101"),
    ]
    # the command-line spelling of per-file ignores given in the prose
    inline = bash("gradlint --isolated --per-file-ignores 'tests/*:GL101,GL102' tests/", project, status=1)
    assert re.findall(r"GL\d+", inline.stdout) == ["GL107"], inline.stdout


# ---------------------------------------------------------------- installing


def venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=300)
    return path / ("Scripts" if os.name == "nt" else "bin")


def from_wheel(line: str, wheel: Path) -> str:
    """A README line with the package index's `torch-gradlint` replaced by the wheel."""
    return re.sub(rf"(?<![\w-]){DISTRIBUTION}(?![\w-])", str(wheel), line)


@pytest.fixture(scope="module")
def installed(tmp_path_factory, wheel) -> Path:
    """A fresh venv where the README's install line ran."""
    bin_dir = venv(tmp_path_factory.mktemp("venv") / "env")
    (line, _) = snippet("Install", "bash").splitlines()
    assert command(line) == f"pip install {DISTRIBUTION}"
    bash(from_wheel(line, wheel), bin_dir.parent, bin_dir, status=0)
    return bin_dir


def test_install(installed):
    (_, version_line) = snippet("Install", "bash").splitlines()
    assert command(version_line) == "gradlint --version"
    result = bash(version_line, installed.parent, installed, status=0)
    assert result.stdout == comment(version_line) + "\n" == f"gradlint {__version__} ({DISTRIBUTION})\n"
    shown = bash(f"pip show {DISTRIBUTION}", installed.parent, installed, status=0)
    assert f"Version: {__version__}" in shown.stdout


def test_github_actions_recipe(installed, tmp_path):
    steps = yaml.safe_load(snippet("GitHub Actions", "yaml"))
    assert steps[0] == {"uses": "actions/setup-python@v5", "with": {"python-version": "3.11"}}
    install, lint = (step["run"] for step in steps[1:])
    assert install == f"pip install {DISTRIBUTION}"  # what the `installed` venv ran
    write(tmp_path, "train.py", FLAGGED)
    write(tmp_path, "ok.py", WITH_CLASS.replace("no_grad:", "no_grad():"))
    result = bash(lint, tmp_path, installed, status=1)
    (annotation,) = result.stdout.splitlines()
    assert annotation.startswith(
        f"::error title=gradlint (GL107),file={tmp_path / 'train.py'},line=5,col=5,endLine=5,endColumn=20::"
    )


def other_gradlint(directory: Path) -> Path:
    """A stand-in for the unrelated `gradlint` on the package index: a wheel with its own
    `gradlint` package and `gradlint` command."""
    files = {
        "gradlint/__init__.py": '__version__ = "1.1.7"\n',
        "gradlint/cli.py": "def main():\n    print('gradlint 1.1.7 (diffusion MRI)')\n",
        "gradlint-1.1.7.dist-info/METADATA": "Metadata-Version: 2.1\nName: gradlint\nVersion: 1.1.7\n",
        "gradlint-1.1.7.dist-info/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        "gradlint-1.1.7.dist-info/entry_points.txt": "[console_scripts]\ngradlint = gradlint.cli:main\n",
    }
    record = "".join(f"{name},,\n" for name in files) + "gradlint-1.1.7.dist-info/RECORD,,\n"
    path = directory / "gradlint-1.1.7-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        archive.writestr("gradlint-1.1.7.dist-info/RECORD", record)
    return path


def test_removing_the_other_gradlint(tmp_path, wheel):
    """Both orders of installing the two packages end well after the README's two lines."""
    bin_dir = venv(tmp_path / "env")
    other = other_gradlint(tmp_path)
    write(tmp_path, "train.py", FLAGGED)

    def sh(line: str, status: int = 0) -> subprocess.CompletedProcess:
        return bash(line, tmp_path, bin_dir, status=status)

    def recover() -> None:
        for line in snippet("Install", "bash", 1).splitlines():
            sh(from_wheel(line, wheel))
        assert sh("gradlint --version").stdout == f"gradlint {__version__} ({DISTRIBUTION})\n"
        sh("pip show gradlint", status=1)  # the other one is gone
        assert "train.py:5:5: GL107" in sh("gradlint train.py", status=1).stdout

    # the other one installed first, this one over it: `pip show gradlint` gives it away
    sh(f"pip install --quiet {other}")
    sh(f"pip install --quiet {wheel}")
    sh("pip show gradlint")
    recover()
    # the other one installed over this one: `gradlint --version` gives it away
    sh(f"pip install --quiet {other}")
    assert sh("gradlint --version").stdout == "gradlint 1.1.7 (diffusion MRI)\n"
    recover()


# ---------------------------------------------------------------- setting up a clone


def dry_run_install(line: str, clone: Path) -> list[str]:
    """What `pip install -e ...` (a README line) would install in this environment."""
    result = bash(f"{line} --dry-run --quiet --report -", clone, status=0)
    return [item["metadata"]["name"] for item in json.loads(result.stdout)["install"]]


def test_cpu_torch_is_kept_by_the_test_extra(local_clone):
    """The CPU-only torch line itself downloads torch (not done here); what it relies on is
    checked: with a torch installed, installing the test extra keeps it."""
    (line,) = snippet("Set up and run", "bash").splitlines()
    assert line == "pip install torch --index-url https://download.pytorch.org/whl/cpu"
    (setup, _) = snippet("Set up and run", "bash", 1).splitlines()
    install = command(setup).split(" && ")[0]
    assert install == "pip install -e '.[test]'"
    would_install = dry_run_install(install, local_clone)
    assert "torch" not in would_install and DISTRIBUTION in would_install, would_install


def test_set_up_commands(local_clone):
    (setup, test_line) = snippet("Set up and run", "bash", 1).splitlines()
    install, lint = command(setup).split(" && ")
    # the install is tried by test_cpu_torch_is_kept_by_the_test_extra (a dry run) and by CI
    assert comment(setup).startswith("install, then lint the rule fixtures (exit 1")
    result = bash(lint, local_clone, status=1)
    assert "GL001" not in result.stdout and "Found " in result.stdout, result.stdout
    assert command(test_line) == "pytest"  # this suite: CI runs it (test_ci_runs_the_readme_commands...)


# ---------------------------------------------------------------- development


def test_development_commands(local_clone, tmp_path):
    lines = {command(line): line for line in snippet("Development", "bash").splitlines()}
    assert set(lines) == {
        "pip install -e '.[test,dev]'",
        "pytest",
        'pytest -m "not runtime"',
        "ruff check . && ruff format --check .",
        "python scripts/update_readme.py",
        "python scripts/bench.py PATH",
        "python scripts/sweep.py",
        "python scripts/fuzz.py",
    }
    would_install = dry_run_install("pip install -e '.[test,dev]'", local_clone)
    assert DISTRIBUTION in would_install
    # pytest cannot run itself here: the marker expression must pick some tests and leave
    # the others (`pytest -m runtime`, in the verify snippet, is its complement)
    selected, total = collected('pytest -m "not runtime"', local_clone)
    assert 0 < selected < total
    # update_readme on a copy: the README is already up to date
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    shutil.copy(README, tmp_path / "README.md")
    bash(lines["python scripts/update_readme.py"], tmp_path, status=0)
    assert (tmp_path / "README.md").read_bytes() == README.read_bytes()
    fixtures = "rules/GL107-no-grad-not-entered"
    bench_line = lines["python scripts/bench.py PATH"].replace("PATH", f"{fixtures} --sizes 1000")
    bench = bash(bench_line, ROOT, status=0).stdout
    for row in ("libcst parse alone", "gradlint --jobs 1", "warm cache", "TorchFix", "scaling: ", "stdin"):
        assert row in bench, bench
    assert "identical findings" in bench and "Python 3." in bench
    # the sweep and the fuzzer, on a smaller scale (their defaults take minutes)
    sweep = bash(f"python scripts/sweep.py {fixtures}", ROOT, status=0).stdout
    assert sweep.endswith("internal errors: 0\n"), sweep
    fuzz = bash("python scripts/fuzz.py --examples 5", ROOT, status=0).stdout
    assert "programs: 5 examples, all properties held" in fuzz, fuzz
    if shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists():
        pytest.skip("ruff is not installed here (pip install -e '.[test,dev]'); CI runs it")
    bash(lines["ruff check . && ruff format --check ."], ROOT, status=0)


def collected(line: str, clone: Path) -> tuple[int, int]:
    """How many tests a pytest command line selects, and how many there are."""
    result = bash(f"{line} --collect-only -q -p no:cacheprovider", clone, status=0)
    match = re.search(r"^(\d+)/(\d+) tests collected", result.stdout, re.MULTILINE)
    assert match, result.stdout[-500:]
    return int(match.group(1)), int(match.group(2))


@pytest.mark.runtime
def test_verify_commands():
    lines = {command(line): line for line in snippet("How we verify the rules", "bash").splitlines()}
    assert set(lines) == {
        "python -m gradlint.verify",
        "python -m gradlint.verify --device cuda",
        "python -m gradlint.verify --rule GL102",
        "pytest -m runtime",
    }
    for name in ("python -m gradlint.verify", "python -m gradlint.verify --rule GL102"):
        result = bash(lines[name], ROOT, status=0)
        assert re.search(r"^\d+ agree, 0 disagree, \d+ not applicable$", result.stdout, re.MULTILINE)
    # `pytest -m runtime`: the complement of the selection test_development_commands collects
    from gradlint.verify.harness import Harness

    if "cuda" not in Harness().devices():
        pytest.skip("`--device cuda` needs a GPU")
    result = bash(lines["python -m gradlint.verify --device cuda"], ROOT, status=0)
    assert re.search(r"^\d+ agree, 0 disagree, 0 not applicable$", result.stdout, re.MULTILINE)


# ---------------------------------------------------------------- notebooks, adoption, CI, flake8, API


def test_notebook_commands(tmp_path):
    from tests.test_notebook import cell, notebook_text

    project = tmp_path / "project"
    cells = [
        cell("# Training", kind="markdown"),
        cell("!pip install torch --quiet\nimport torch"),
        cell("w = torch.randn(3, requires_grad=True)\nlr = 0.1"),
        cell("Plain SGD.", kind="markdown"),
        cell("loss = (w ** 2).sum()\nloss.backward()\nw -= lr * w.grad\nwith torch.no_grad:\n    pass"),
    ]
    path = write(project, "notebooks/train.ipynb", notebook_text(cells))
    lines = snippet("Notebooks", "bash").splitlines()
    results = run_lines(snippet("Notebooks", "bash"), {command(line): 1 for line in lines}, project)
    listing, fixing = (results[command(line)] for line in lines)
    first = listing.stdout.splitlines()[0]
    assert first.startswith(comment(lines[0]).rstrip(".").rstrip())  # the comment is the real output
    assert "notebooks/train.ipynb:cell 5:4:6: GL107 [*]" in listing.stdout
    assert "Found 2 errors (1 fixed, 1 remaining)." in fixing.stdout
    assert path.read_text() == notebook_text(cells).replace("with torch.no_grad:", "with torch.no_grad():")


def test_adoption_commands(tmp_path):
    project = tmp_path / "project"
    path = write(project, "src/train.py", UNSAFE + FLAGGED.replace("import torch\n", ""))
    add, report, fix = snippet("Adopting gradlint on a large codebase", "bash").splitlines()
    added = bash(add, project, status=0)
    assert added.stderr == "Added 2 noqa directives.\n"
    assert bash("gradlint .", project, status=0).stdout == "All checks passed!\n"
    assert bash(report, project, status=0).stdout == "All checks passed!\n"
    # one bug fixed by hand: its suppression is now stale, reported, then removed
    path.write_text(path.read_text().replace("    torch.no_grad()  # noqa: GL107", "    pass  # noqa: GL107"))
    stale = bash(report, project, status=1)
    assert "src/train.py:8:11: GL002 [*] unused `noqa` directive (unused: GL107)" in stale.stdout
    bash(fix, project, status=0)
    assert "    pass\n" in path.read_text()


def test_gitlab_ci_recipe(installed, tmp_path):
    from junitparser import JUnitXml

    from tests.test_formats import CODE_QUALITY

    job = yaml.safe_load(snippet("GitLab CI", "yaml"))["gradlint"]
    install, quality, junit = job["script"]
    assert install == f"pip install {DISTRIBUTION}"  # what the `installed` venv ran
    assert job["artifacts"] == {
        "when": "always",
        "reports": {"codequality": "gl-code-quality.json", "junit": "gradlint-junit.xml"},
    }
    write(tmp_path, "train.py", FLAGGED)
    bash(quality, tmp_path, installed, status=0)
    bash(junit, tmp_path, installed, status=1)  # findings fail the job; the reports are kept
    import jsonschema

    issues = json.loads((tmp_path / "gl-code-quality.json").read_text())
    jsonschema.validate(issues, CODE_QUALITY)
    assert [i["location"]["path"] for i in issues] == ["train.py"]
    report = JUnitXml.fromfile(str(tmp_path / "gradlint-junit.xml"))
    assert (report.tests, report.failures) == (1, 1)


def test_flake8_commands(tmp_path):
    install, run = snippet("flake8", "bash").splitlines()
    assert install == f"pip install {DISTRIBUTION}"  # tried by test_install; flake8 finds the plugin here
    write(tmp_path, "src/train.py", FLAGGED)
    result = bash(run, tmp_path, status=1)
    assert result.stdout.startswith("src/train.py:5:5: GL107 ")


def test_python_api_example(tmp_path):
    write(tmp_path, "example.py", snippet("Python API", "python"))
    result = bash(f"{sys.executable} example.py", tmp_path, status=0)
    first, second = result.stdout.splitlines()
    assert first.startswith("GL107 2 1 `torch.no_grad()` as a statement")
    assert second.startswith("{'path': 'train.py', 'code': 'GL107', ")


# ---------------------------------------------------------------- the language server recipes


def lsp_session(command_line: list[str], folder: Path) -> list[dict]:
    """Start the server as an editor would, open a flagged file, return its diagnostics."""
    from tests.lsp_client import LspClient

    path = write(folder, "train.py", FLAGGED)
    # the command as the editor's PATH finds it: this environment's scripts first
    found = shutil.which(command_line[0], path=str(Path(sys.executable).parent)) or command_line[0]
    client = LspClient([found, *command_line[1:]], cwd=folder)
    try:
        client.initialize(folder)
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": path.as_uri(), "languageId": "python", "version": 1, "text": FLAGGED}},
        )
        diagnostics = client.diagnostics(path.as_uri())
        assert client.shutdown() == 0
        return diagnostics
    finally:
        client.close()


def test_language_server_commands(wheel, tmp_path):
    install, start = snippet("Editors", "bash", 1).splitlines()
    assert command(install) == f"pip install '{DISTRIBUTION}[server]'"
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(name).decode().splitlines()
    assert 'Requires-Dist: pygls<3,>=2; extra == "server"' in metadata
    diagnostics = lsp_session(command(start).split(), tmp_path)
    assert [d["code"] for d in diagnostics] == ["GL107"]


def test_vscode_recipe(tmp_path):
    """VS Code itself cannot run here: the extension's settings start the server they name."""
    settings = json.loads(snippet("Editors", "json"))
    assert settings["glspc.server.languageId"] == ["python"]
    executable = shutil.which(settings["glspc.server.command"], path=str(Path(sys.executable).parent))
    assert executable is not None
    diagnostics = lsp_session([executable, *settings["glspc.server.commandArguments"]], tmp_path)
    assert [(d["code"], d["range"]["start"]) for d in diagnostics] == [("GL107", {"line": 4, "character": 4})]


EDITOR_ENV = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_neovim_recipe(tmp_path):
    """The recipe as init.lua in a headless Neovim; Neovim < 0.8 (no vim.lsp.start) gets
    that one call through the older API (vim.lsp.start_client), nothing else changed."""
    if shutil.which("nvim") is None:
        pytest.skip("Neovim is not installed here (apt-get install neovim); see the README recipe")
    write(tmp_path, "init.lua", snippet("Editors", "lua"))
    write(
        tmp_path,
        "older.lua",
        "if vim.lsp.start == nil then\n"
        "  vim.lsp.start = function(config) vim.lsp.buf_attach_client(0, vim.lsp.start_client(config)) end\n"
        "end\n",
    )
    write(
        tmp_path,
        "report.lua",
        "vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)\n"
        "for _, d in ipairs(vim.diagnostic.get(0)) do\n"
        "  io.stdout:write(string.format('%d:%d %s\\n', d.lnum + 1, d.col + 1, d.message))\n"
        "end\n"
        "vim.cmd('qa!')\n",
    )
    write(tmp_path, "train.py", FLAGGED)
    result = subprocess.run(
        [
            "nvim",
            "--headless",
            "--cmd",
            "luafile older.lua",
            "-u",
            "init.lua",
            "train.py",
            "-c",
            "luafile report.lua",
        ],
        cwd=tmp_path,
        env={**os.environ, **EDITOR_ENV, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "5:5 `torch.no_grad()` as a statement" in result.stdout + result.stderr, (
        result.stdout + result.stderr
    )


def test_emacs_recipe(tmp_path):
    """The recipe as init.el in a batch Emacs, which opens a file and prints what flymake got."""
    if shutil.which("emacs") is None:
        pytest.skip(
            "Emacs is not installed here (apt-get install emacs-nox elpa-eglot); see the README recipe"
        )
    write(tmp_path, "init.el", snippet("Editors", "elisp"))
    write(
        tmp_path,
        "report.el",
        '(find-file "train.py")\n'
        "(run-hooks 'post-command-hook)\n"
        "(let ((deadline (+ (float-time) 30)))\n"
        "  (while (and (null (flymake-diagnostics)) (< (float-time) deadline))\n"
        "    (accept-process-output nil 0.1)))\n"
        "(dolist (d (flymake-diagnostics))\n"
        '  (princ (format "%d %s\\n" (line-number-at-pos (flymake-diagnostic-beg d)) (flymake-diagnostic-text d))))\n'
        "(eglot-shutdown (eglot-current-server))\n",
    )
    write(tmp_path, "train.py", FLAGGED)
    result = subprocess.run(
        ["emacs", "--batch", "-l", "init.el", "-l", "report.el"],
        cwd=tmp_path,
        env={**os.environ, **EDITOR_ENV, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if "Cannot open load file" in result.stderr and "eglot" in result.stderr:
        pytest.skip("this Emacs has no eglot (Emacs 29 has it built in; apt-get install elpa-eglot)")
    assert "5 gradlint [GL107]: `torch.no_grad()` as a statement" in result.stdout, (
        result.stdout + result.stderr
    )
