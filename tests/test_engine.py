"""The engine's shared answers: qualified names, grad-mode regions, and the walk."""

from __future__ import annotations

import collections
from pathlib import Path

import libcst as cst
import pytest

from gradlint.engine import evaluate
from gradlint.engine.evaluate import Evaluator
from gradlint.engine.flow import Analysis
from gradlint.engine.tree import descendants
from gradlint.engine.values import QualName
from tests.conftest import RULES_DIR


def probe(source: str) -> dict[str, tuple]:
    """What the engine says at each `probe("label", expr)` call: the grad mode there and
    the qualified name `expr` resolves to."""
    seen: dict[str, tuple] = {}
    original = Evaluator.builtin

    def recording(self, call, name, args):
        if name == "probe":
            label = args.positional[0]
            value = args.positional[1] if len(args.positional) > 1 else None
            seen[label.value] = (self.state.grad, value.name if isinstance(value, QualName) else None)
        return original(self, call, name, args)

    Evaluator.builtin = recording
    try:
        Analysis(cst.parse_module(source)).run()
    finally:
        Evaluator.builtin = original
    return seen


def qualnames(source: str) -> dict[str, str | None]:
    return {label: q for label, (_, q) in probe(source).items()}


def modes(source: str) -> dict[str, str]:
    return {label: m for label, (m, _) in probe(source).items()}


def test_qualified_names_through_aliases():
    found = qualnames(
        """
import torch
import torch as T
import torch.nn as nn
import torch.nn.functional as F
from torch import no_grad as ng, autograd
from torch.nn.parameter import Parameter
from torch.autograd.grad_mode import inference_mode
probe("plain", torch.no_grad)
probe("alias", T.no_grad)
probe("from", ng)
probe("autograd", autograd.no_grad)
probe("deep", torch.autograd.grad_mode.no_grad)
probe("nn", nn.Parameter)
probe("parameter", Parameter)
probe("functional", F.relu)
probe("inference", inference_mode)
probe("unknown", something.no_grad)
"""
    )
    assert found == {
        "plain": "torch.no_grad",
        "alias": "torch.no_grad",
        "from": "torch.no_grad",
        "autograd": "torch.no_grad",
        "deep": "torch.no_grad",
        "nn": "torch.nn.Parameter",
        "parameter": "torch.nn.Parameter",
        "functional": "torch.nn.functional.relu",
        "inference": "torch.inference_mode",
        "unknown": None,
    }


def test_scoping_and_shadowing_of_imports():
    found = qualnames(
        """
import torch as T

def uses_global():
    probe("global", T.no_grad)

def shadows(T):
    probe("param", T.no_grad)

def local_import():
    import torch.nn as T
    probe("local", T.Linear)

def closure():
    import torch as inner
    def nested():
        probe("closure", inner.no_grad)
    return nested

class C:
    import torch as K
    def method(self):
        probe("class-scope", K.no_grad)

probe("module", T.no_grad)
T = None
probe("rebound", T)
"""
    )
    assert found == {
        "global": None,  # T is rebound to None later at module level: unknown
        "param": None,
        "local": "torch.nn.Linear",
        "closure": "torch.no_grad",
        "class-scope": None,  # class bodies are not enclosing scopes of methods
        "module": "torch.no_grad",
        "rebound": None,
    }


def test_a_stable_global_import_is_seen_in_functions():
    assert qualnames("import torch\ndef f():\n    probe('x', torch.no_grad)\n") == {"x": "torch.no_grad"}


def test_grad_mode_regions():
    found = modes(
        """
import torch
from torch import no_grad, enable_grad

probe("module")
with torch.no_grad():
    probe("no_grad")
    with enable_grad():
        probe("nested enable")
    probe("back to no_grad")
probe("after")
with torch.inference_mode():
    probe("inference")
with torch.inference_mode(False):
    probe("inference off")
with torch.set_grad_enabled(False):
    probe("set false")
with torch.set_grad_enabled(flag):
    probe("set flag")
with no_grad() if flag else contextlib.nullcontext():
    probe("conditional")
guard = torch.no_grad()
with guard:
    probe("stored")
with torch.autocast("cpu"), torch.no_grad():
    probe("second item")

def plain():
    probe("function")

@torch.no_grad()
def called():
    probe("decorated called")

@torch.no_grad
def bare():
    probe("decorated bare")

@torch.inference_mode()
def inference():
    probe("decorated inference")

@torch.enable_grad()
def enabled():
    probe("decorated enable")

class Custom(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        probe("autograd Function forward")

    @staticmethod
    def backward(ctx, grad):
        probe("autograd Function backward")

def switches():
    torch.set_grad_enabled(False)
    probe("after set_grad_enabled(False)")
    torch.set_grad_enabled(True)
    probe("after set_grad_enabled(True)")

def branches(flag):
    if flag:
        torch.set_grad_enabled(False)
    probe("after one branch switched")
"""
    )
    assert found == {
        "module": "enabled",
        "no_grad": "disabled",
        "nested enable": "enabled",
        "back to no_grad": "disabled",
        "after": "enabled",
        "inference": "disabled",
        "inference off": "enabled",
        "set false": "disabled",
        "set flag": "unknown",
        "conditional": "unknown",
        "stored": "disabled",
        "second item": "disabled",
        "function": "inherited",
        "decorated called": "disabled",
        "decorated bare": "disabled",
        "decorated inference": "disabled",
        "decorated enable": "enabled",
        "after set_grad_enabled(False)": "disabled",
        "after set_grad_enabled(True)": "enabled",
        "after one branch switched": "unknown",
        "autograd Function forward": "disabled",
        "autograd Function backward": "inherited",
    }


def _executed_calls(module: cst.Module) -> int:
    """Call nodes that run: all but those in annotations."""
    count = 0
    skip: set[int] = set()
    for node in descendants(module):
        if isinstance(node, cst.Annotation):
            skip.update(id(n) for n in descendants(node))
    for node in descendants(module):
        if isinstance(node, cst.Call) and id(node) not in skip:
            count += 1
    return count


@pytest.mark.parametrize(
    "path",
    [Path(__file__).parent / "data" / "kitchen_sink.py", *sorted(RULES_DIR.glob("*/*.py"))[:20]],
    ids=lambda p: p.name,
)
def test_every_call_is_evaluated_exactly_once(path, monkeypatch):
    """One walk evaluates each expression once, wherever it is: rules see every call
    (in lambdas, comprehensions, decorators, defaults, class bodies, nested functions)
    and nothing is evaluated twice."""
    module = cst.parse_module(path.read_text())
    seen: collections.Counter = collections.Counter()
    original = Evaluator._call

    def counting(self, call):
        seen[id(call)] += 1
        return original(self, call)

    monkeypatch.setattr(Evaluator, "_call", counting)
    monkeypatch.setitem(evaluate._EVALUATORS, cst.Call, counting)
    Analysis(module, path.read_text()).run()
    assert sum(seen.values()) == _executed_calls(module)
    assert max(seen.values(), default=1) == 1


@pytest.mark.parametrize(
    "shape",
    [
        lambda e, i: f"{e}.m{i}()",  # method chains: x.a().b().c()
        lambda e, i: f"obj.m{i}({e})",  # nested calls: f(g(h(x)))
        lambda e, i: f"{e}.view(-1).m{i}(w)",  # tensor methods with tensor arguments
    ],
)
def test_evaluation_is_linear_in_nesting(shape, monkeypatch):
    """Each subexpression is evaluated a bounded number of times: evaluating one twice
    per level would make nested code cost exponential time."""

    def evaluations(depth: int) -> int:
        expr = "w"
        for i in range(depth):
            expr = shape(expr, i)
        module = cst.parse_module(f"import torch\nw = torch.randn(3, requires_grad=True)\ny = {expr}\n")
        count = 0
        original = Evaluator.value

        def counting(self, e):
            nonlocal count
            count += 1
            return original(self, e)

        monkeypatch.setattr(Evaluator, "value", counting)
        Analysis(module).run()
        monkeypatch.setattr(Evaluator, "value", original)
        return count

    assert evaluations(24) - evaluations(12) < 40 * 12


def test_binding_a_path_forgets_only_what_hangs_off_it(monkeypatch):
    """`cfg.a = ...` forgets `cfg.a.x` and `cfg.a[0]`, not `cfg.ab` or `cfg.b`, and it
    visits only those: a thousand siblings under one root cost nothing (a scan of every
    path under the root made `self.x0 = ...; self.x1 = ...` quadratic)."""
    from gradlint.engine.state import State
    from gradlint.engine.values import PLAIN, UNKNOWN

    state = State("enabled")
    for path in ("cfg.a.x", "cfg.a[0]", "cfg.ab", "cfg.b", *(f"cfg.s{i}" for i in range(1000))):
        state.bind(path, PLAIN)
    iterated = 0

    class Watched(set):
        def __iter__(self):
            nonlocal iterated
            iterated += 1
            return super().__iter__()

    state._paths["cfg"] = Watched(state._paths["cfg"])
    mark = state.checkpoint()
    sets: list[str] = []
    original = State._set

    def counting(self, path, value):
        sets.append(path)
        return original(self, path, value)

    monkeypatch.setattr(State, "_set", counting)
    state.bind("cfg.a", UNKNOWN)
    monkeypatch.setattr(State, "_set", original)
    assert sorted(sets) == ["cfg.a", "cfg.a.x", "cfg.a[0]"]
    assert iterated == 0  # the root's thousand paths were not scanned
    assert state.get("cfg.a.x") is None and state.get("cfg.a[0]") is None
    assert state.get("cfg.ab") is PLAIN and state.get("cfg.b") is PLAIN
    state.rollback(mark)  # the branch is undone: what it forgot is back, and forgotten again
    assert state.get("cfg.a.x") is PLAIN
    state.bind("cfg.a", UNKNOWN)
    assert state.get("cfg.a.x") is None and state.get("cfg.a[0]") is None


def test_a_function_given_itself_to_call_is_analysed(tmp_path):
    """`walk(x, walk)` where walk calls what it is given: the call is run once, not
    until the stack runs out (torch/distributed/pipelining/_backward.py)."""
    from gradlint.linter import lint_text
    from gradlint.rules import CHECKS

    source = (
        "import torch\n\n"
        "def walk(value, visit):\n"
        "    visit(value, visit)\n\n"
        "walk(1, walk)\n"
        "w = torch.ones(1, requires_grad=True)\n"
        "w.add_(1)\n"
    )
    assert [(f.start.line, f.code) for f in lint_text(source, "m.py", CHECKS)] == [(8, "GL101")]
