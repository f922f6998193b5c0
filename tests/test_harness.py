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


def runtime_problems(verdict) -> list[str]:
    """What the run disagrees with; the linter's side is left out (detection of these
    rules comes later: the oracles are tested on their own)."""
    return [p for p in verdict.problems if not p.startswith("the linter reports")]


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


# ------------------------------- what flows into p.grad and what writes it (GL103, GL104, GL113)

MICRO_BATCHES = """
model = torch.nn.Linear(3, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for i in range(4):
{body}
"""


def loop_verdict(harness, tmp_path, name: str, body: str, folder_name: str):
    return verdict_for(harness, tmp_path, name, MICRO_BATCHES.format(body=body), folder_name=folder_name)


def test_setting_grad_in_place_is_not_a_leak(harness, tmp_path):
    body = (
        "    opt.zero_grad()\n"
        "    model(torch.randn(2, 3)).sum().backward()\n"
        "    for p in model.parameters():\n"
        "        p.grad.fill_(0.01)\n"
        "    opt.step()\n"
    )
    verdict = loop_verdict(harness, tmp_path, "clean_fill.py", body, "GL104-zero-grad-before-step")
    assert verdict.agree, verdict.problems


def test_a_leak_into_the_step_after_a_set_is_still_caught(harness, tmp_path):
    body = (
        "    model(torch.randn(2, 3)).sum().backward()\n"
        "    if i == 0:\n"
        "        for p in model.parameters():\n"
        "            p.grad.fill_(0.01)\n"
        "        opt.step()\n"
        "    else:\n"
        "        opt.step()  # error: GL103\n"
        "        opt.zero_grad()\n"
    )
    verdict = loop_verdict(harness, tmp_path, "flagged_leak_after_set.py", body, "GL103-missing-zero-grad")
    assert verdict.runtime == "stale grads (leaked) at step L14", verdict.runtime
    assert runtime_problems(verdict) == []


@pytest.mark.parametrize(
    "clearing",
    ["p.grad.fill_(0)", "p.grad.mul_(0)", "p.grad.zero_()", "p.grad.data.zero_()", "p.grad = None"],
)
def test_each_write_that_clears_is_a_clearing(harness, tmp_path, clearing):
    body = (
        "    opt.zero_grad()\n"
        "    model(torch.randn(2, 3)).sum().backward()\n"
        "    for p in model.parameters():\n"
        f"        {clearing}  # error: GL104\n"
        "    opt.step()\n"
    )
    verdict = loop_verdict(harness, tmp_path, "flagged_clears.py", body, "GL104-zero-grad-before-step")
    assert verdict.runtime == "fresh grads cleared L11; stale grads (cleared) at step L12", verdict.runtime
    assert runtime_problems(verdict) == []


def test_a_gradient_that_is_exactly_zero_is_not_a_clearing(harness, tmp_path):
    """The bias of a critic-style difference of means gets exactly 0: nothing cleared it."""
    body = (
        "    opt.zero_grad()\n"
        "    (model(torch.randn(2, 3)).mean() - model(torch.randn(2, 3)).mean()).backward()\n"
        "    assert not model.bias.grad.any() and model.weight.grad.any()\n"
        "    opt.step()\n"
    )
    verdict = loop_verdict(harness, tmp_path, "clean_zero_bias.py", body, "GL104-zero-grad-before-step")
    assert verdict.agree, verdict.problems


def test_gradients_returned_by_autograd_grad_do_not_flow_into_p_grad(harness, tmp_path):
    """A gradient penalty: torch.autograd.grad reaches the parameters, p.grad gets only
    what backward() adds."""
    body = (
        "    opt.zero_grad()\n"
        "    loss = model(torch.randn(2, 3)).pow(2).mean()\n"
        "    grads = torch.autograd.grad(loss, list(model.parameters()), create_graph=True)\n"
        "    (loss + sum(g.pow(2).sum() for g in grads)).backward()\n"
        "    opt.step()\n"
    )
    verdict = loop_verdict(harness, tmp_path, "clean_penalty.py", body, "GL103-missing-zero-grad")
    assert verdict.agree, verdict.problems


ZERO_EACH_MICRO_BATCH = (
    "    opt.zero_grad(){mark}\n"
    "    model(torch.randn(2, 3)).sum().backward()\n"
    "    if i % 2 == 1:\n"
    "        opt.step()\n"
)


def test_a_gl113_zeroing_on_every_micro_batch_is_confirmed(harness, tmp_path):
    body = ZERO_EACH_MICRO_BATCH.format(mark="  # error: GL113")
    verdict = loop_verdict(harness, tmp_path, "flagged_discards.py", body, "GL113-accumulation-discarded")
    assert verdict.runtime == "backward L9's grads discarded at L8", verdict.runtime
    assert runtime_problems(verdict) == []


def test_a_clean_fixture_that_discards_micro_batches_fails(harness, tmp_path):
    body = ZERO_EACH_MICRO_BATCH.format(mark="")
    verdict = loop_verdict(harness, tmp_path, "clean_discards.py", body, "GL113-accumulation-discarded")
    # the linter reports the zeroing too; what is checked here is what the run shows
    assert runtime_problems(verdict) == ["unexpected grads-discarded at line 8"], verdict.problems


def test_a_gl113_mark_on_a_correct_accumulation_fails(harness, tmp_path):
    body = (
        "    model(torch.randn(2, 3)).sum().backward()\n"
        "    if i % 2 == 1:\n"
        "        opt.step()\n"
        "        opt.zero_grad()  # error: GL113\n"
    )
    verdict = loop_verdict(harness, tmp_path, "flagged_wrong.py", body, "GL113-accumulation-discarded")
    problems = runtime_problems(verdict)
    assert problems == ["line 11: no GL113 symptom at runtime (ran clean)"], problems


def test_micro_batch_gradients_kept_aside_and_added_back_are_not_discarded(harness, tmp_path):
    body = (
        "    opt.zero_grad()\n"
        "    model(torch.randn(2, 3)).sum().backward()\n"
        "    if i % 2 == 0:\n"
        "        kept = [p.grad.clone() for p in model.parameters()]\n"
        "    else:\n"
        "        for p, g in zip(model.parameters(), kept):\n"
        "            p.grad += g\n"
        "        opt.step()\n"
    )
    verdict = loop_verdict(harness, tmp_path, "clean_kept.py", body, "GL113-accumulation-discarded")
    assert verdict.agree, verdict.problems


def test_a_probe_backward_cleared_before_the_real_one_is_not_discarded(harness, tmp_path):
    """Another backward call's gradients are cleared: the step was never meant to see them."""
    body = (
        "    model(torch.randn(2, 3)).abs().sum().backward()\n"
        "    opt.zero_grad()\n"
        "    model(torch.randn(2, 3)).sum().backward()\n"
        "    opt.step()\n"
    )
    verdict = loop_verdict(harness, tmp_path, "clean_probe.py", body, "GL113-accumulation-discarded")
    assert verdict.agree, verdict.problems


# ------------------------------------------ non-leaf .grad, rebound leaves, accumulated loss graphs
# These rules have no detection yet: the linter's side of a flagged fixture is one known
# problem, left out here; what is checked is what the run shows.


NONLEAF = "x = torch.ones(3, requires_grad=True)\ny = x * 2\ny.sum().backward()\n"


def test_a_gl105_mark_on_the_nonleaf_read_is_confirmed_with_the_none_it_returns(harness, tmp_path):
    body = NONLEAF + "print(y.grad.sum())  # error: GL105\n"
    verdict = verdict_for(harness, tmp_path, "flagged_right.py", body, folder_name="GL105-nonleaf-grad")
    assert verdict.runtime.startswith("AttributeError at L7"), verdict.runtime
    assert runtime_problems(verdict) == []


def test_a_gl105_mark_on_the_backward_line_fails(harness, tmp_path):
    body = "x = torch.ones(3, requires_grad=True)\ny = x * 2\ny.sum().backward()  # error: GL105\nprint(y.grad)\n"
    verdict = verdict_for(harness, tmp_path, "flagged_wrong.py", body, folder_name="GL105-nonleaf-grad")
    problems = runtime_problems(verdict)
    assert any("line 6: no GL105 symptom at runtime" in p for p in problems), problems
    assert any(p.startswith("unexpected UserWarning at line 7") for p in problems), problems


def test_the_none_from_a_nonleaf_read_used_on_a_later_line_is_not_explained(harness, tmp_path):
    body = NONLEAF + "grad = y.grad  # error: GL105\nprint(grad.sum())\n"
    verdict = verdict_for(harness, tmp_path, "flagged_later.py", body, folder_name="GL105-nonleaf-grad")
    problems = runtime_problems(verdict)
    assert any(p.startswith("unexpected AttributeError at line 8") for p in problems), problems


REBIND_THEN_OPTIMIZE = (
    "w = torch.zeros(3, requires_grad=True)\nw = w * 0.5{mark}\nopt = torch.optim.SGD([w], lr=0.1)\n"
)


def test_a_gl106_rebinding_handed_to_an_optimizer_is_confirmed(harness, tmp_path):
    body = REBIND_THEN_OPTIMIZE.format(mark="  # error: GL106")
    verdict = verdict_for(harness, tmp_path, "flagged_right.py", body, folder_name="GL106-leaf-rebound")
    assert runtime_problems(verdict) == []


def test_a_gl106_mark_on_the_optimizer_line_fails(harness, tmp_path):
    body = REBIND_THEN_OPTIMIZE.format(mark="").replace("lr=0.1)", "lr=0.1)  # error: GL106")
    verdict = verdict_for(harness, tmp_path, "flagged_wrong.py", body, folder_name="GL106-leaf-rebound")
    problems = runtime_problems(verdict)
    assert any("line 6: no GL106 symptom at runtime" in p for p in problems), problems
    assert "unexpected leaf-rebound at line 5" in problems
    assert any(p.startswith("unexpected ValueError at line 6: can't optimize") for p in problems), problems


def test_a_clean_gl106_fixture_that_reads_the_rebound_grad_fails(harness, tmp_path):
    body = "x = torch.ones(3, requires_grad=True)\nx = x + 1\n(x * x).sum().backward()\nprint(x.grad)\n"
    verdict = verdict_for(harness, tmp_path, "clean_reads.py", body, folder_name="GL106-leaf-rebound")
    assert "unexpected leaf-rebound at line 5" in verdict.problems
    assert any(p.startswith("unexpected UserWarning at line 7") for p in verdict.problems), verdict.problems


def test_a_rebinding_used_only_as_a_value_runs_clean(harness, tmp_path):
    body = (
        "x = torch.ones(3, requires_grad=True)\nx = x + 1\n(x * x).sum().backward()\nprint(x.sum().item())\n"
    )
    verdict = verdict_for(harness, tmp_path, "clean_value.py", body, folder_name="GL106-leaf-rebound")
    assert verdict.agree, verdict.problems


PARAMETER_LOOP = """
model = torch.nn.Linear(3, 1)
model(torch.randn(4, 3)).sum().backward()
for p in model.parameters():
    p = p - 0.1 * p.grad  # error: GL106
{after}"""


def test_a_gl106_update_that_is_dropped_is_confirmed(harness, tmp_path):
    body = PARAMETER_LOOP.format(after="")
    verdict = verdict_for(harness, tmp_path, "flagged_dropped.py", body, folder_name="GL106-leaf-rebound")
    assert verdict.runtime == "leaf rebound, then used as the leaf L8"
    assert runtime_problems(verdict) == []


def test_a_gl106_mark_fails_when_the_leaf_is_updated_afterwards(harness, tmp_path):
    after = "torch.optim.SGD(model.parameters(), lr=0.1).step()\n"
    verdict = verdict_for(
        harness,
        tmp_path,
        "flagged_updated.py",
        PARAMETER_LOOP.format(after=after),
        folder_name="GL106-leaf-rebound",
    )
    assert any("line 8: no GL106 symptom at runtime" in p for p in runtime_problems(verdict)), (
        verdict.problems
    )


ACCUMULATE = """
model = torch.nn.Linear(3, 1)
total = 0.0
for _ in range({iterations}):
    loss = model(torch.randn(2, 3)).pow(2).mean()
    total = total + loss{mark}
{after}"""


def test_a_clean_fixture_that_accumulates_a_loss_graph_fails(harness, tmp_path):
    body = ACCUMULATE.format(iterations=3, mark="", after="print(total.item())\n")
    verdict = verdict_for(
        harness, tmp_path, "clean_total.py", body, folder_name="GL109-loss-accumulated-with-graph"
    )
    assert "unexpected graph-accumulated at line 9" in verdict.problems


def test_an_accumulated_loss_that_is_backpropagated_runs_clean(harness, tmp_path):
    body = ACCUMULATE.format(iterations=3, mark="", after="total.backward()\n")
    verdict = verdict_for(
        harness, tmp_path, "clean_backward.py", body, folder_name="GL109-loss-accumulated-with-graph"
    )
    assert verdict.agree, verdict.problems


def test_a_gl109_mark_on_the_wrong_line_fails(harness, tmp_path):
    body = ACCUMULATE.format(iterations=3, mark="", after="print(total.item())  # error: GL109\n")
    verdict = verdict_for(
        harness, tmp_path, "flagged_wrong.py", body, folder_name="GL109-loss-accumulated-with-graph"
    )
    problems = runtime_problems(verdict)
    assert any("line 10: no GL109 symptom at runtime" in p for p in problems), problems
    assert "unexpected graph-accumulated at line 9" in problems


def test_a_gl109_total_extended_only_twice_is_not_an_accumulation(harness, tmp_path):
    body = ACCUMULATE.format(iterations=2, mark="  # error: GL109", after="print(total.item())\n")
    verdict = verdict_for(
        harness, tmp_path, "flagged_short.py", body, folder_name="GL109-loss-accumulated-with-graph"
    )
    assert any("line 9: no GL109 symptom at runtime" in p for p in runtime_problems(verdict)), (
        verdict.problems
    )


def test_a_gl108_mark_on_the_first_backward_fails(harness, tmp_path):
    body = (
        "model = torch.nn.Linear(3, 1)\n"
        "loss = model(torch.randn(2, 3)).pow(2).mean()\n"
        "loss.backward()  # error: GL108\n"
        "loss.backward()\n"
    )
    verdict = verdict_for(harness, tmp_path, "flagged_wrong.py", body, folder_name="GL108-backward-twice")
    problems = runtime_problems(verdict)
    assert any("line 6: no GL108 symptom at runtime" in p for p in problems), problems
    assert any(p.startswith("unexpected RuntimeError at line 7: Trying to backward") for p in problems), (
        problems
    )


def test_a_parameter_rebound_without_reading_its_grad_is_not_a_dropped_update(harness, tmp_path):
    body = "model = torch.nn.Linear(3, 1)\nfor p in model.parameters():\n    p = p * 0.5\n    print(p.sum().item())\n"
    verdict = verdict_for(harness, tmp_path, "clean_scaled.py", body, folder_name="GL106-leaf-rebound")
    assert verdict.agree, verdict.problems


# GL111: a copy of a leaf, made at the mark, then used as the leaf


def gl111(harness, tmp_path, name: str, body: str):
    return verdict_for(harness, tmp_path, name, body, folder_name="GL111-leaf-moved-after-requires-grad")


def test_a_gl111_copy_refused_by_an_optimizer_agrees(harness, tmp_path):
    body = (
        "w = torch.randn(3, requires_grad=True).double()  # error: GL111\n"
        "opt = torch.optim.SGD([{'params': [w]}], lr=0.1)\n"
    )
    verdict = gl111(harness, tmp_path, "flagged_refused.py", body)
    assert not runtime_problems(verdict)
    assert "ValueError at L5" in verdict.runtime


def test_a_gl111_copy_whose_grad_is_used_agrees_and_explains_the_none(harness, tmp_path):
    body = (
        "w = torch.randn(3, requires_grad=True).to(torch.float64)  # error: GL111\n"
        "(w * 2).sum().backward()\n"
        "with torch.no_grad():\n"
        "    w -= 0.1 * w.grad\n"
    )
    verdict = gl111(harness, tmp_path, "flagged_update.py", body)
    assert not runtime_problems(verdict)
    assert "TypeError at L7" in verdict.runtime and "UserWarning at L7" in verdict.runtime


def test_a_gl111_mark_on_a_move_that_returns_the_leaf_fails(harness, tmp_path):
    body = (
        'w = torch.randn(3, requires_grad=True).to("cpu")  # error: GL111\n'
        "opt = torch.optim.SGD([w], lr=0.1)\n"
        "(w * 2).sum().backward()\n"
        "opt.step()\n"
    )
    verdict = gl111(harness, tmp_path, "flagged_same_leaf.py", body)
    assert verdict.agree is False
    assert any("line 4: no GL111 symptom at runtime" in p for p in verdict.problems), verdict.problems


def test_a_gl111_mark_on_a_copy_used_only_in_computation_fails(harness, tmp_path):
    body = (
        "leaf = torch.randn(3, requires_grad=True)\n"
        "w = leaf.double()  # error: GL111\n"
        "opt = torch.optim.SGD([leaf], lr=0.1)\n"
        "(w * 2).sum().backward()\n"
        "opt.step()\n"
    )
    verdict = gl111(harness, tmp_path, "flagged_kept_leaf.py", body)
    assert verdict.agree is False
    assert any("line 5: no GL111 symptom at runtime" in p for p in verdict.problems), verdict.problems


def test_a_clean_gl111_fixture_reading_a_copys_grad_fails_at_the_reading_line(harness, tmp_path):
    body = "w = torch.randn(3, requires_grad=True).double()\n(w * 2).sum().backward()\nprint(w.grad)\n"
    verdict = gl111(harness, tmp_path, "clean_reads.py", body)
    assert verdict.agree is False
    assert "unexpected leaf-copy-used at line 6" in verdict.problems, verdict.problems
    assert any(p.startswith("unexpected UserWarning at line 6") for p in verdict.problems), verdict.problems


def test_a_clean_gl111_fixture_whose_hidden_leaf_gets_the_gradients_fails(harness, tmp_path):
    body = (
        "class Scaled(torch.nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.lin = torch.nn.Linear(2, 1)\n"
        "        self.scale = torch.nn.Parameter(torch.ones(1)).double()\n"
        "    def forward(self, x):\n"
        "        return self.lin(x) * self.scale\n"
        "model = Scaled()\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "model(torch.randn(4, 2)).sum().backward()\n"
        "opt.step()\n"
    )
    verdict = gl111(harness, tmp_path, "clean_lost.py", body)
    assert verdict.agree is False
    assert "unexpected leaf-copy-used at line 8" in verdict.problems, verdict.problems


def test_a_copy_made_in_forward_of_a_kept_leaf_is_not_a_gl111_symptom(harness, tmp_path):
    """The leaf stays on the module; only a per-call cast of it is a copy (what `.to(x.device)`
    does on a GPU): nothing is used as a leaf, even though nothing reads the leaf's gradient."""
    body = (
        "class Shift(torch.nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.bias = torch.zeros(2, requires_grad=True)\n"
        "    def forward(self, x):\n"
        "        return x + self.bias.double()\n"
        "Shift()(torch.randn(3, 2, dtype=torch.float64)).sum().backward()\n"
    )
    verdict = gl111(harness, tmp_path, "clean_cast_in_forward.py", body)
    assert verdict.agree, verdict.problems


def test_non_leaf_grad_warnings_keep_their_line_when_a_copy_exists(harness, tmp_path):
    """Once a copy exists `.grad` is watched: torch's warning for another non-leaf must
    still be attributed to the fixture line that read it."""
    body = (
        "leaf = torch.randn(3, requires_grad=True)\n"
        "opt = torch.optim.SGD([leaf], lr=0.1)\n"
        "y = leaf.double() * 2\n"
        "y.sum().backward()\n"
        "print(y.grad)\n"
    )
    verdict = gl111(harness, tmp_path, "clean_other_nonleaf.py", body)
    assert verdict.agree is False
    # the linter reports the read too (GL105, not GL111's clean fixture's business)
    (problem,) = runtime_problems(verdict)
    assert problem.startswith(
        "unexpected UserWarning at line 8: The .grad attribute of a Tensor that is not a leaf"
    )


# GL115: torch.tensor(t) on a tensor that requires grad


def gl115(harness, tmp_path, name: str, body: str):
    return verdict_for(harness, tmp_path, name, body, folder_name="GL115-tensor-copy-cuts-graph")


def test_a_gl115_cut_agrees_and_explains_the_copy_warning(harness, tmp_path):
    body = (
        "x = torch.randn(3, requires_grad=True)\n"
        "y = torch.tensor(x * 2)  # error: GL115\n"
        "z = x.new_tensor(x.exp())  # error: GL115\n"
        "print((y + z).sum())\n"
    )
    verdict = gl115(harness, tmp_path, "flagged_cut.py", body)
    assert not runtime_problems(verdict)
    assert "UserWarning at L5" in verdict.runtime and "UserWarning at L6" in verdict.runtime


def test_a_gl115_mark_on_a_copy_of_a_tensor_without_grad_fails(harness, tmp_path):
    body = "x = torch.randn(3)\ny = torch.tensor(x)  # error: GL115\n"
    verdict = gl115(harness, tmp_path, "flagged_plain.py", body)
    assert verdict.agree is False
    assert any("line 5: no GL115 symptom at runtime" in p for p in verdict.problems), verdict.problems
    assert any(p.startswith("unexpected UserWarning at line 5: To copy construct") for p in verdict.problems)


def test_a_clean_gl115_fixture_that_cuts_the_graph_fails(harness, tmp_path):
    body = "x = torch.randn(3, requires_grad=True)\nlosses = torch.tensor([x.sum(), x.mean()])\n"
    verdict = gl115(harness, tmp_path, "clean_cut.py", body)
    assert verdict.agree is False
    assert "unexpected graph-cut at line 5" in verdict.problems, verdict.problems


def test_legacy_constructors_and_as_tensor_keep_the_graph(harness, tmp_path):
    body = (
        "x = torch.randn(3, requires_grad=True)\n"
        "y = torch.Tensor(x * 2) + torch.FloatTensor(x.cpu()) + torch.as_tensor(x, dtype=torch.float64)\n"
        "y.sum().backward()\n"
        "assert x.grad is not None and bool((x.grad == 4).all())\n"
    )
    verdict = gl115(harness, tmp_path, "clean_alias.py", body)
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
