"""Every fixture under rules/ agrees with its marks, exactly, with and without the prefilter."""

from __future__ import annotations

import pytest

from gradlint.fixtures import load_fixtures, rule_folders
from gradlint.linter import lint_text
from gradlint.rules import BY_CODE, CHECKS
from tests.conftest import RULES_DIR

FIXTURES = load_fixtures(RULES_DIR)
#: the rules with a runtime symptom, proven by fixtures (GL002 judges comments only)
PROVEN = [rule for rule in CHECKS if rule.oracle is not None]


def findings_of(fixture, prefilter: bool = True) -> set[tuple[int, str]]:
    found = lint_text(fixture.text, str(fixture.path), CHECKS, prefilter=prefilter)
    return {(f.start.line, f.code) for f in found}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_fixture_matches_marks(fixture):
    found = findings_of(fixture)
    missing = sorted(fixture.expected - found)
    unexpected = sorted(found - fixture.expected)
    assert not missing and not unexpected, f"missing {missing}, unexpected {unexpected}"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_prefilter_never_hides_a_finding(fixture):
    assert findings_of(fixture, prefilter=True) == findings_of(fixture, prefilter=False)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_flagged_fixtures_flag_their_own_rule_and_clean_ones_nothing(fixture):
    codes = {code for _, code in fixture.expected}
    if fixture.flagged:
        assert fixture.code in codes, "a flagged fixture must mark at least one finding of its rule"
    else:
        assert fixture.path.name.startswith("clean_"), "fixtures are named flagged_*.py or clean_*.py"
        assert not codes, "a clean fixture must not expect findings"


def test_every_rule_has_a_fixture_folder_named_after_it():
    folders = {code: name for code, name, _ in rule_folders(RULES_DIR)}
    for rule in PROVEN:
        assert folders.get(rule.code) == rule.name, f"rules/{rule.code}-{rule.name}/ is missing"
    for code in folders:
        assert code in BY_CODE, f"rules/ has a folder for unknown rule {code}"


def test_fixture_counts():
    """Each rule proves itself on both sides: flagged and clean fixtures."""
    for rule in PROVEN:
        mine = [f for f in FIXTURES if f.code == rule.code]
        assert sum(f.flagged for f in mine) >= 5, rule.code
        assert sum(not f.flagged for f in mine) >= 5, rule.code
