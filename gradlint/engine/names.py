"""Qualified names without libcst's scope metadata.

Imports are recorded by the analyzer as :class:`~gradlint.engine.values.QualName`
values in the ordinary environment, so shadowing and scoping come for free. This
module holds the pure helpers: dotted paths of expressions and the canonical spelling
of names that torch exports under several paths.
"""

from __future__ import annotations

import libcst as cst

# torch re-exports the same objects under several module paths; rules compare
# against the canonical (shortest public) spelling.
_CANONICAL_PREFIXES = (
    ("torch.autograd.grad_mode.", "torch."),
    ("torch.autograd.variable.", "torch.autograd."),
    ("torch.nn.parameter.", "torch.nn."),
    ("torch.nn.modules.module.", "torch.nn."),
    ("torch.optim.optimizer.", "torch.optim."),
)
_CANONICAL_EXACT = {
    "torch.autograd.no_grad": "torch.no_grad",
    "torch.autograd.enable_grad": "torch.enable_grad",
    "torch.autograd.set_grad_enabled": "torch.set_grad_enabled",
    "torch.autograd.inference_mode": "torch.inference_mode",
    "torch.nn.parameter.Parameter": "torch.nn.Parameter",
    "torch.nn.Variable": "torch.autograd.Variable",
    "torch.autograd.function.Function": "torch.autograd.Function",
}


def canonical(qualname: str) -> str:
    exact = _CANONICAL_EXACT.get(qualname)
    if exact is not None:
        return exact
    for prefix, replacement in _CANONICAL_PREFIXES:
        if qualname.startswith(prefix):
            return canonical(replacement + qualname[len(prefix) :])
    if qualname.startswith("torch.nn.modules."):
        # torch.nn.modules.linear.Linear -> torch.nn.Linear
        parts = qualname.split(".")
        if len(parts) == 5:
            return "torch.nn." + parts[4]
    return qualname


def dotted(expr: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    parts = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if not isinstance(expr, cst.Name):
        return None
    parts.append(expr.value)
    return ".".join(reversed(parts))


def call_name(call: cst.Call) -> str | None:
    """The method or function name a call ends in: ``x.add_`` -> ``add_``."""
    func = call.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return None


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def argument(call: cst.Call, position: int, name: str | None = None) -> cst.Arg | None:
    """The argument passed at ``position`` or by keyword ``name``; None when absent
    or hidden behind ``*args`` / ``**kwargs``."""
    if name is not None:
        found = keyword(call, name)
        if found is not None:
            return found
    index = 0
    for arg in call.args:
        if arg.keyword is not None:
            continue
        if arg.star:
            return None
        if index == position:
            return arg
        index += 1
    return None


def literal_bool(expr: cst.BaseExpression) -> bool | None:
    if isinstance(expr, cst.Name) and expr.value in ("True", "False"):
        return expr.value == "True"
    if isinstance(expr, cst.Integer):
        return expr.value not in ("0",)
    return None
