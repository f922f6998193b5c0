"""Rule behaviours that fixtures do not pin down on their own."""

from __future__ import annotations

import textwrap

from gradlint.linter import lint_text
from gradlint.rules import CHECKS


def findings(source: str) -> list[tuple[int, str]]:
    return [(f.start.line, f.code) for f in lint_text(textwrap.dedent(source), "m.py", CHECKS)]


def test_gl102_one_finding_per_statement_and_helpers_walked_in_any_order():
    source = """\
    import torch

    def helper(layer: torch.nn.Linear, x):
        y = layer(x).exp()
        y.mul_(2).add_(1)
        return y

    def later():
        return 1

    def train(layer: torch.nn.Linear, x):
        helper(layer, x).sum().backward()
    """
    assert findings(source) == [(5, "GL102")]


def test_gl102_silent_when_the_saving_op_is_not_backpropagated():
    source = """\
    import torch
    w = torch.randn(3, requires_grad=True)
    y = w.exp()
    y.add_(1)
    print(y)
    """
    assert findings(source) == []


def test_gl103_ignores_schedulers_autograd_grad_and_local_optimizers():
    source = """\
    import torch

    def loop(model, scheduler, opt, data):
        for x in data:
            grads = torch.autograd.grad(model(x).sum(), list(model.parameters()))
            scheduler.step()

    def one_off(model, x):
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model(x).sum().backward()
        optimizer.step()
    """
    assert findings(source) == []


def test_gl103_function_that_steps_without_zeroing_when_its_callers_do_not_either():
    source = """\
    import torch

    def step(model, optimizer, x):
        model(x).sum().backward()
        optimizer.step()

    def train(model, optimizer, batches):
        for x in batches:
            step(model, optimizer, x)
    """
    assert findings(source) == [(5, "GL103")]


def test_gl103_silent_when_the_stepping_functions_callers_are_out_of_view():
    source = """\
    import torch

    def step(model, optimizer, x):
        model(x).sum().backward()
        optimizer.step()
    """
    assert findings(source) == []


def test_gl103_silent_on_code_that_does_not_use_torch():
    source = """\
    from mxnet import autograd, gluon

    def train(net, trainer, batches, loss_fn):
        for x, y in batches:
            with autograd.record():
                loss = loss_fn(net(x), y)
            loss.backward()
            trainer.step(x.shape[0])
    """
    assert findings(source) == []


def test_gl104_branches_that_exclude_each_other():
    source = """\
    def train(model, optimizer, data, skip):
        for x in data:
            loss = model(x).sum()
            if skip:
                optimizer.zero_grad()
            else:
                loss.backward()
                optimizer.step()
                optimizer.zero_grad()
    """
    assert findings(source) == []
