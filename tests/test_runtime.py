"""Every fixture executed with torch, on every device, must agree with its marks:
what is flagged really fails at that line, what is clean really runs clean."""

from __future__ import annotations

import pytest

from gradlint.fixtures import load_fixtures
from gradlint.verify.harness import Harness
from tests.conftest import RULES_DIR

pytestmark = pytest.mark.runtime

FIXTURES = load_fixtures(RULES_DIR)
# cpu always, cuda where torch sees a GPU (asked once, in a subprocess)
DEVICES = Harness().devices()


@pytest.fixture(scope="module")
def harness():
    with Harness() as running:
        yield running


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_runtime_agrees_with_the_marks(harness, fixture, device):
    verdict = harness.check(fixture, device)
    if verdict.agree is None:
        pytest.skip(verdict.runtime)
    assert verdict.agree, "\n".join(verdict.problems)
