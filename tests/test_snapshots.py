"""Every fixture's full output is checked in beside it (``rules/<rule>/<fixture>.txt``):
a changed message, range or fix is a reviewed diff, never a silent change. And each
rule's documented Example is flagged, its "Use instead" clean."""

from __future__ import annotations

import re
import textwrap

import pytest

from gradlint.fixtures import load_fixtures, snapshot, snapshot_path
from gradlint.linter import lint_text
from gradlint.rules import CHECKS
from tests.conftest import RULES_DIR

FIXTURES = load_fixtures(RULES_DIR)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_output_matches_the_snapshot(fixture):
    findings = lint_text(fixture.text, str(fixture.path.relative_to(RULES_DIR.parent)), CHECKS)
    path = snapshot_path(fixture.path)
    assert path.exists(), f"no snapshot: run python scripts/update_snapshots.py ({path.name})"
    assert snapshot(fixture, findings) == path.read_text(encoding="utf-8"), (
        "the output changed: review it, then run python scripts/update_snapshots.py"
    )


def test_no_snapshot_without_its_fixture():
    fixtures = {snapshot_path(f.path) for f in FIXTURES}
    orphans = [p for p in RULES_DIR.glob("*/*.txt") if p not in fixtures]
    assert not orphans, orphans


_BLOCK = re.compile(r"## (Example|Use instead)\n(?:[^\n`#]*\n)?```python\n(.*?)```", re.DOTALL)


def _doc_blocks(rule) -> dict[str, str]:
    blocks: dict[str, str] = {}
    for section, code in _BLOCK.findall(rule.documentation()):
        blocks.setdefault(section, textwrap.dedent(code))
    return blocks


@pytest.mark.parametrize("rule", CHECKS, ids=lambda r: r.code)
def test_documented_example_is_flagged_and_remedy_is_clean(rule):
    blocks = _doc_blocks(rule)
    assert set(blocks) == {"Example", "Use instead"}, f"{rule.code}: both sections need a python block"
    preamble = "import torch\nimport numpy as np\nimport torch.nn.functional as F\nfrom torch import nn\n"
    flagged = {f.code for f in lint_text(preamble + blocks["Example"], "example.py", [rule])}
    assert rule.code in flagged, f"{rule.code}'s Example is not flagged"
    clean = {f.code for f in lint_text(preamble + blocks["Use instead"], "remedy.py", [rule])}
    assert rule.code not in clean, f"{rule.code}'s 'Use instead' is flagged"
