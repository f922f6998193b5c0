"""Fuzzing, short: generated programs (hypothesmith) and mutated fixtures through the
per-file pipeline. No internal error, findings inside the file, fixed code that
parses and that a second fix leaves alone. `python scripts/fuzz.py` is the long run."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT

pytest.importorskip("hypothesmith", reason="hypothesmith is in the test extra: pip install -e '.[test]'")

spec = importlib.util.spec_from_file_location("fuzz", ROOT / "scripts" / "fuzz.py")
assert spec is not None and spec.loader is not None
fuzz = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz)


@pytest.mark.parametrize("kind", sorted(fuzz.STRATEGIES))
def test_properties_hold(kind):
    fuzz.run_property(fuzz.STRATEGIES[kind](), examples={"programs": 60, "mutated fixtures": 150}[kind])


def test_the_properties_catch_a_fix_that_breaks_the_code(monkeypatch):
    """The fuzzer can fail: a fixer that writes code that does not parse is caught."""
    from gradlint import fixer

    def broken(text, fixes):
        return text + "def (:\n", ["GL107"]

    monkeypatch.setattr(fixer, "apply", broken)
    with pytest.raises(AssertionError, match="internal error"):
        fuzz.check_source(b"import torch\nwith torch.no_grad:\n    pass\n")
