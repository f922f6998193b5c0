"""The saved-tensor table is learned from torch; it must match the installed torch."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from gradlint.engine import saved
from tests.conftest import ROOT

torch = pytest.importorskip("torch", reason="torch is a test dependency: pip install -e '.[test]'")

_SPEC = importlib.util.spec_from_file_location(
    "probe_saved_tensors", ROOT / "scripts" / "probe_saved_tensors.py"
)
probe = importlib.util.module_from_spec(_SPEC)
sys.modules["probe_saved_tensors"] = probe
_SPEC.loader.exec_module(probe)

COMMITTED = json.loads((ROOT / "gradlint" / "data" / "saved_tensors.json").read_text())


def test_committed_table_matches_the_installed_torch():
    found = probe.differences(COMMITTED, probe.generate())
    assert not found, "re-probe with python scripts/probe_saved_tensors.py:\n" + "\n".join(found)


def test_differences_name_the_op():
    fresh = {"torch_version": "9", "ops": {"exp": {"forms": [], "saves": {"a": []}}}}
    committed = {"ops": {"exp": {"forms": [], "saves": {"a": ["result"]}}}}
    assert probe.differences(committed, fresh) == ["exp: committed {'a': ['result']}, torch 9 says {'a': []}"]


def test_the_table_covers_what_users_write():
    ops = COMMITTED["ops"]
    assert len(ops) >= 150
    for key in (
        "add",
        "sub",
        "mul",
        "div",
        "pow",
        "matmul",
        "neg",
        "abs",
        "exp",
        "log",
        "sqrt",
        "rsqrt",
        "sigmoid",
        "tanh",
        "sin",
        "cos",
        "clamp",
        "where",
        "sum",
        "mean",
        "prod",
        "max",
        "min",
        "norm",
        "logsumexp",
        "var",
        "std",
        "mm",
        "bmm",
        "einsum",
        "view",
        "reshape",
        "transpose",
        "permute",
        "expand",
        "cat",
        "stack",
        "index_select",
        "gather",
        "linear",
        "conv1d",
        "conv2d",
        "F.relu",
        "F.gelu",
        "F.silu",
        "softmax",
        "log_softmax",
        "F.layer_norm",
        "F.batch_norm",
        "F.dropout",
        "F.embedding",
        "F.cross_entropy",
        "F.mse_loss",
        "F.nll_loss",
        "solve",
        "inverse",
    ):
        assert key in ops, key


@pytest.mark.parametrize(
    "source, key, requires, expected",
    [
        ("x * 2", "mul_scalar", {"a": True}, set()),
        ("x * c", "mul", {"a": True, "b": False}, {"b"}),
        ("x + 1", "add_scalar", {"a": True}, set()),
        ("x.exp()", "exp", {"a": True}, {"result"}),
        ("x ** 2", "pow_scalar", {"a": True}, {"a"}),
        ("x @ W", "matmul", {"a": False, "b": True}, {"a"}),
        ("x @ W", "matmul", {"a": True, "b": None}, {"b"}),
    ],
)
def test_what_the_issue_promises(source, key, requires, expected):
    assert set(saved.table().saved_letters(key, requires)) == expected, source


def test_forms_are_indexed_for_every_spelling():
    table = saved.table()
    assert {f.key for f in table.functions["torch.exp"]} == {"exp"}
    assert {f.key for f in table.methods["exp"]} == {"exp"}
    assert {f.key for f in table.operators[("**", "t", "_")]} == {"pow_scalar"}
    assert {f.key for f in table.functions["torch.nn.functional.relu"]} == {"F.relu"}
