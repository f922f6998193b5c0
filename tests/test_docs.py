"""Docs come from one place: each rule's docstring."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gradlint.catalog import README_END, README_START, rule_table_markdown
from gradlint.rules import ALL_RULES
from tests.conftest import ROOT

SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Runtime behaviour",
    "## Fix safety",
)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_docstring_has_every_section_in_order(rule):
    doc = rule.documentation()
    positions = [doc.find(section) for section in SECTIONS]
    assert all(p >= 0 for p in positions), (
        f"{rule.code} lacks {[s for s, p in zip(SECTIONS, positions) if p < 0]}"
    )
    assert positions == sorted(positions)
    assert rule.summary() and not rule.summary().startswith("#")


def test_readme_rule_table_matches_the_docstrings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index(README_START) + len(README_START) : readme.index(README_END)]
    assert table.strip() == rule_table_markdown().strip(), "run python scripts/update_readme.py"


def test_linting_never_imports_torch(tmp_path):
    """torch is a test dependency only: the linter must work without it."""
    (tmp_path / "a.py").write_text("import torch\ntorch.no_grad()\n")
    code = (
        "import sys\n"
        "from gradlint import filecheck\n"
        "from gradlint.cli import main\n"
        "from gradlint.rules import CHECKS\n"
        "# what a worker process does with a file, here, where sys.modules can be seen\n"
        "job = filecheck.FileJob(sys.argv[1], open(sys.argv[1], 'rb').read(), tuple(r.code for r in CHECKS))\n"
        "assert filecheck.check(job).findings, 'no finding'\n"
        "status = main([sys.argv[1], '--no-cache', '--output-format', 'json'])\n"
        "assert 'torch' not in sys.modules, 'the linter imported torch'\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "a.py")], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr
    assert "GL107" in result.stdout
