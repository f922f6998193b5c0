"""The harness is tested too: wrong marks and misbehaving fixtures must make it fail."""

from __future__ import annotations

import textwrap

import pytest

from gradlint.fixtures import load_fixtures
from gradlint.verify.harness import Harness

pytestmark = pytest.mark.runtime

HEAD = 'import torch\n\ndevice = torch.device("cuda" if torch.cuda.is_available() else "cpu")\n'


@pytest.fixture(scope="module")
def harness():
    with Harness(timeout=10) as running:
        yield running


def verdict_for(
    harness,
    tmp_path,
    name: str,
    body: str,
    device: str = "cpu",
    folder_name: str = "GL107-no-grad-not-entered",
):
    folder = tmp_path / "rules" / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(HEAD + textwrap.dedent(body))
    (fixture,) = [f for f in load_fixtures(tmp_path / "rules") if f.path.name == name]
    return harness.check(fixture, device)


def test_a_correct_flagged_fixture_agrees(harness, tmp_path):
    verdict = verdict_for(
        harness,
        tmp_path,
        "flagged_ok.py",
        "def f(x):\n    torch.no_grad()  # error: GL107\n    return x * 2\n\nf(torch.ones(2, requires_grad=True))\n",
    )
    assert verdict.agree, verdict.problems


def test_a_mark_on_a_line_that_runs_clean_fails(harness, tmp_path):
    verdict = verdict_for(
        harness,
        tmp_path,
        "flagged_wrong.py",
        "x = torch.ones(2, requires_grad=True)\ny = x * 2  # error: GL107\nprint(y.sum())\n",
    )
    assert verdict.agree is False
    assert any("line 5: no GL107 symptom at runtime" in p for p in verdict.problems), verdict.problems


def test_a_clean_fixture_that_raises_fails(harness, tmp_path):
    verdict = verdict_for(
        harness, tmp_path, "clean_raises.py", "w = torch.ones(2, requires_grad=True)\nw += 1\n"
    )
    assert verdict.agree is False
    assert any(
        p.startswith("unexpected RuntimeError at line 5: a leaf Variable") for p in verdict.problems
    ), verdict.problems


def test_a_symptom_the_linter_cannot_see_still_fails_a_clean_fixture(harness, tmp_path):
    verdict = verdict_for(
        harness,
        tmp_path,
        "clean_hidden.py",
        'guard = getattr(torch, "no_" + "grad")\nguard()\nprint("done")\n',
    )
    assert verdict.static == "clean"
    assert verdict.agree is False
    assert "unexpected grad-mode-not-entered at line 5" in verdict.problems


def test_an_autograd_warning_fails_a_clean_fixture(harness, tmp_path):
    verdict = verdict_for(
        harness,
        tmp_path,
        "clean_warns.py",
        "x = torch.ones(2, requires_grad=True)\ny = x * 2\ny.sum().backward()\nprint(y.grad)\n",
    )
    assert verdict.agree is False
    assert any("unexpected UserWarning at line 7" in p for p in verdict.problems), verdict.problems


def test_a_cuda_only_fixture_is_not_applicable_on_cpu(harness, tmp_path):
    verdict = verdict_for(harness, tmp_path, "clean_cuda.py", "# fixture: cuda-only\nprint(device)\n")
    assert verdict.agree is None and verdict.runtime == "not applicable on cpu"


def test_a_fixture_that_hangs_fails(harness, tmp_path):
    verdict = verdict_for(harness, tmp_path, "clean_hangs.py", "while True:\n    pass\n")
    assert verdict.agree is False and verdict.runtime == "timed out"


LOOP = """
model = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(2):
{body}
"""


def test_a_clean_loop_that_accumulates_fails(harness, tmp_path):
    body = "    model(torch.randn(2, 3)).sum().backward()\n    opt.step()\n"
    verdict = verdict_for(
        harness, tmp_path, "clean_leaks.py", LOOP.format(body=body), folder_name="GL103-missing-zero-grad"
    )
    assert verdict.agree is False
    assert "unexpected stale-gradients at line 9" in verdict.problems, verdict.problems


def test_a_gl104_mark_where_nothing_is_cleared_fails(harness, tmp_path):
    body = (
        "    opt.zero_grad()\n    model(torch.randn(2, 3)).sum().backward()  # error: GL104\n    opt.step()\n"
    )
    verdict = verdict_for(
        harness,
        tmp_path,
        "flagged_wrong.py",
        LOOP.format(body=body),
        folder_name="GL104-zero-grad-before-step",
    )
    assert verdict.agree is False
    assert any("line 9: no GL104 symptom at runtime" in p for p in verdict.problems), verdict.problems


def test_a_gl102_mark_on_the_wrong_write_fails(harness, tmp_path):
    body = (
        "x = torch.ones(3, requires_grad=True)\n"
        "buf = torch.zeros(3)\n"
        "buf += 1  # error: GL102\n"
        "y = x.exp()\n"
        "with torch.no_grad():\n"
        "    y += 1\n"
        "y.sum().backward()\n"
    )
    verdict = verdict_for(
        harness, tmp_path, "flagged_wrong.py", body, folder_name="GL102-saved-tensor-mutated"
    )
    assert verdict.agree is False
    assert any("line 6: no GL102 symptom at runtime" in p for p in verdict.problems), verdict.problems
    assert any(p.startswith("unexpected RuntimeError") for p in verdict.problems), verdict.problems


def test_a_gl102_mark_on_the_real_write_agrees(harness, tmp_path):
    body = (
        "x = torch.ones(3, requires_grad=True)\n"
        "y = x.exp()\n"
        "with torch.no_grad():\n"
        "    y += 1  # error: GL102\n"
        "y.sum().backward()\n"
    )
    verdict = verdict_for(
        harness, tmp_path, "flagged_right.py", body, folder_name="GL102-saved-tensor-mutated"
    )
    assert verdict.agree, verdict.problems


def notebook_verdict(harness, tmp_path, name: str, cells: list[str]):
    import json

    folder = tmp_path / "rules" / "GL101-inplace-on-leaf"
    folder.mkdir(parents=True, exist_ok=True)
    document = {
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": text} for text in cells],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / name).write_text(json.dumps(document, indent=1))
    (fixture,) = [f for f in load_fixtures(tmp_path / "rules") if f.path.name == name]
    return harness.check(fixture, "cpu")


NOTEBOOK = [
    HEAD + "%matplotlib inline\nw = torch.ones(2, requires_grad=True)",
    "print(w)",
    "w.add_(1){mark}\nprint('unreached')",
]


def test_a_notebook_runs_cell_by_cell_and_its_mark_agrees(harness, tmp_path):
    cells = [*NOTEBOOK[:2], NOTEBOOK[2].format(mark="  # error: GL101")]
    verdict = notebook_verdict(harness, tmp_path, "flagged_nb.ipynb", cells)
    assert verdict.agree, verdict.problems
    assert verdict.runtime.startswith("RuntimeError at L10: a leaf Variable")  # cell 3, line 1


def test_a_notebook_mark_on_the_wrong_cell_fails(harness, tmp_path):
    cells = [NOTEBOOK[0], "print(w)  # error: GL101", NOTEBOOK[2].format(mark="")]
    verdict = notebook_verdict(harness, tmp_path, "flagged_nb.ipynb", cells)
    assert verdict.agree is False
    assert any(p.startswith("line 8: no GL101 symptom at runtime") for p in verdict.problems), (
        verdict.problems
    )
    assert any(p.startswith("unexpected RuntimeError at line 10") for p in verdict.problems), verdict.problems
