"""GL101's fix: a `with torch.no_grad():` around the update, byte-exact elsewhere."""

from __future__ import annotations

import textwrap

import pytest

from gradlint import fixer, notebook
from gradlint.fixtures import load_fixtures
from gradlint.linter import lint_text
from gradlint.rules import CHECKS
from tests.conftest import RULES_DIR


def fixed(source: str) -> str:
    text = textwrap.dedent(source)
    for _ in range(5):
        findings = lint_text(text, "m.py", CHECKS)
        fixes = fixer.applicable(findings, unsafe=True)
        if not fixes:
            break
        text, _ = fixer.apply(text, fixes)
    return text


def test_a_run_of_updates_gets_one_with_block():
    source = """\
    import torch as T

    def step(w, b, lr):
        w = T.randn(3, requires_grad=True)
        b = T.zeros(1, requires_grad=True)
        # update both
        w -= lr * w.grad
        b -= lr * b.grad
        w.grad.zero_()

    step(None, None, 0.1)
    """
    assert fixed(source) == textwrap.dedent(
        """\
    import torch as T

    def step(w, b, lr):
        w = T.randn(3, requires_grad=True)
        b = T.zeros(1, requires_grad=True)
        # update both
        with T.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()

    step(None, None, 0.1)
    """
    )


def test_a_function_nothing_in_the_file_calls_is_not_judged():
    """Its callers, and their grad mode, are in another module: it may well run under
    ``no_grad`` there (a weight-conversion helper), so GL101 stays silent."""
    source = """\
    import torch
    from torch import nn

    def convert(module):
        new = nn.Linear(module.in_features, module.out_features)
        new.weight.copy_(module.weight)
        return new
    """
    assert [f.code for f in lint_text(textwrap.dedent(source), "m.py", CHECKS)] == []
    called = textwrap.dedent(source) + "\nconvert(nn.Linear(2, 2))\n"
    assert [f.code for f in lint_text(called, "m.py", CHECKS)] == ["GL101"]


def test_import_is_added_when_torch_is_not_a_name_in_the_file():
    source = '''\
    """Module docstring."""
    from __future__ import annotations
    from torch import nn

    p = nn.Parameter(nn.init.zeros_(nn.Linear(2, 2).weight.detach().clone()))
    p.add_(1)
    '''
    result = fixed(source)
    assert result.splitlines()[:4] == [
        '"""Module docstring."""',
        "from __future__ import annotations",
        "import torch",
        "from torch import nn",
    ]
    assert "with torch.no_grad():\n    p.add_(1)\n" in result


def test_the_imported_no_grad_name_is_used():
    result = fixed("from torch import no_grad as ng, randn\nw = randn(2, requires_grad=True)\nw += 1\n")
    assert result.endswith("with ng():\n    w += 1\n")


def test_multiline_strings_and_crlf_are_untouched():
    source = 'import torch\r\nw = torch.ones(2, requires_grad=True)\r\nw.add_(len("""\r\nkeep\r\n  as is\r\n"""))\r\n'
    assert fixed(source) == (
        "import torch\r\nw = torch.ones(2, requires_grad=True)\r\nwith torch.no_grad():\r\n"
        '    w.add_(len("""\r\nkeep\r\n  as is\r\n"""))\r\n'
    )


def test_tab_indented_file_keeps_tabs():
    source = "import torch\nif True:\n\tw = torch.ones(2, requires_grad=True)\n\tw.mul_(2)\n"
    assert (
        fixed(source)
        == "import torch\nif True:\n\tw = torch.ones(2, requires_grad=True)\n\twith torch.no_grad():\n\t\tw.mul_(2)\n"
    )


@pytest.mark.parametrize(
    "line",
    ["if True: w.add_(1)", "w.add_(1); print(w)", "y = w.add_(1)"],
)
def test_no_fix_when_the_write_is_not_a_statement_of_its_own(line):
    source = f"import torch\nw = torch.ones(2, requires_grad=True)\n{line}\n"
    findings = [f for f in lint_text(source, "m.py", CHECKS) if f.code == "GL101"]
    assert findings and all(f.fix is None for f in findings)


def test_fix_is_unsafe_and_described():
    (finding,) = lint_text("import torch\nw = torch.ones(2, requires_grad=True)\nw.add_(1)\n", "m.py", CHECKS)
    assert finding.fix.applicability == "unsafe"
    assert finding.fix.message == "Wrap the update in `with torch.no_grad():`"


def _has_fix(fixture) -> bool:
    findings = lint_text(fixture.text, "m.py", CHECKS)
    return any(f.fix is not None for f in findings if f.code == "GL101")


FIXABLE = [f for f in load_fixtures(RULES_DIR) if f.code == "GL101" and f.flagged and _has_fix(f)]


def test_most_flagged_fixtures_have_a_fix():
    flagged = [f for f in load_fixtures(RULES_DIR) if f.code == "GL101" and f.flagged]
    assert len(FIXABLE) >= len(flagged) - 3


@pytest.fixture(scope="module")
def harness():
    from gradlint.verify.harness import Harness

    with Harness() as running:
        yield running


@pytest.mark.runtime
@pytest.mark.parametrize("fixture", FIXABLE, ids=lambda f: f.path.name)
def test_fixed_fixtures_no_longer_raise(fixture, tmp_path, harness):
    """The fix is proven by execution: the fixed flagged fixture runs to its end."""
    text = fixture.text
    result = fixed(text)
    assert result != text
    target = tmp_path / fixture.path.name
    if notebook.is_notebook(target.name):  # the fix written back into the notebook's cells
        target.write_bytes(notebook.load(fixture.path.read_bytes()).updated(result))
    else:
        target.write_text(result)
    observation = harness.observe(target, "cpu")
    assert observation.get("completed"), observation.get("exception") or observation
