"""GL103, GL104 and GL113 over a small tree of training loops written the way the
libraries people use document them (Accelerate's accumulate(), AMP's GradScaler, GAN
alternation, L-BFGS closures, Lightning manual optimization, ignite process functions,
accumulation with %): each expected finding is marked on its line, and nothing else may
be reported. The tree imports libraries the tests do not install, so it is checked
statically; the same shapes are executed as fixtures under rules/."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradlint.fixtures import expected_marks
from gradlint.linter import lint_text
from gradlint.rules import BY_CODE

TREE = Path(__file__).resolve().parent / "data" / "training_loops"
RULES = [BY_CODE[code] for code in ("GL103", "GL104", "GL113")]
FILES = sorted(TREE.glob("*.py"))


def test_the_tree_has_correct_and_buggy_loops():
    marked = [path for path in FILES if expected_marks(path.read_text(encoding="utf-8"))]
    assert len(FILES) >= 10 and 4 <= len(marked) <= len(FILES) - 4


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_findings_are_exactly_the_marks(path):
    text = path.read_text(encoding="utf-8")
    found = {(f.start.line, f.code) for f in lint_text(text, str(path), RULES)}
    assert found == expected_marks(text)
