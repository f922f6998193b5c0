"""The in-place tables are generated from torch; they must match the installed torch."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

torch = pytest.importorskip("torch", reason="torch is a test dependency: pip install -e '.[test]'")

_SPEC = importlib.util.spec_from_file_location(
    "generate_inplace_ops", ROOT / "scripts" / "generate_inplace_ops.py"
)
generator = importlib.util.module_from_spec(_SPEC)
sys.modules["generate_inplace_ops"] = generator
_SPEC.loader.exec_module(generator)


def test_committed_tables_match_the_installed_torch():
    committed = json.loads((ROOT / "gradlint" / "data" / "inplace_ops.json").read_text())
    found = generator.differences(committed, generator.generate())
    assert not found, "regenerate with python scripts/generate_inplace_ops.py:\n" + "\n".join(found)


def test_differences_are_named():
    committed = {"tensor_methods": ["add_", "gone_"], "torch_version": "1"}
    fresh = {"tensor_methods": ["add_", "new_"], "torch_version": "2"}
    assert generator.differences(committed, fresh) == [
        "tensor_methods: new_ is in torch but not in the committed table",
        "tensor_methods: gone_ is in the committed table but not in torch",
    ]


@pytest.mark.parametrize("method", sorted(generator.NO_DATA_WRITE))
def test_the_excluded_methods_really_are_allowed_on_a_leaf(method):
    leaf = torch.randn(3, requires_grad=True)
    getattr(leaf, method)()  # must not raise


@pytest.mark.parametrize(
    "call",
    [
        "add_(1)",
        "mul_(2)",
        "zero_()",
        "fill_(1.0)",
        "copy_(torch.ones(3))",
        "clamp_(0, 1)",
        "normal_()",
        "t_()",
        "squeeze_()",
    ],
)
def test_table_methods_raise_on_a_leaf(call):
    tables = json.loads((ROOT / "gradlint" / "data" / "inplace_ops.json").read_text())
    assert call.split("(")[0] in tables["tensor_methods"]
    leaf = torch.randn(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        eval(f"leaf.{call}", {"leaf": leaf, "torch": torch})


def test_init_functions_are_not_in_place_for_autograd():
    leaf = torch.randn(3, requires_grad=True)
    for name in json.loads((ROOT / "gradlint" / "data" / "inplace_ops.json").read_text())["init_functions"]:
        if name in ("normal_", "uniform_", "zeros_", "ones_", "constant_"):
            args = (0.5,) if name == "constant_" else ()
            getattr(torch.nn.init, name)(leaf, *args)  # torch runs these under no_grad
    assert Path(generator.OUTPUT).exists()


@pytest.mark.parametrize("call", ["apply_(lambda v: v)", "map_(torch.ones(3), lambda a, b: a)", "resize_(3)"])
def test_refused_methods_raise_even_under_no_grad(call):
    from gradlint.engine.torch_api import REFUSE_GRAD_METHODS

    assert call.split("(")[0] in REFUSE_GRAD_METHODS
    leaf = torch.randn(3, requires_grad=True)
    with torch.no_grad(), pytest.raises(RuntimeError, match="require"):
        eval(f"leaf.{call}", {"leaf": leaf, "torch": torch})
