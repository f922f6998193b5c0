from __future__ import annotations

import io
import tokenize
from typing import Callable, cast

import libcst as cst

from gradlint.diagnostics import UNSAFE
from gradlint.engine import gradmode, torch_api
from gradlint.engine.events import Stream, Write
from gradlint.engine.fixes import FixPlan, NodeEdit
from gradlint.engine.model import FunctionInfo
from gradlint.engine.values import Grad, Tensor, options_of
from gradlint.oracles import ExceptionAtLine
from gradlint.rule import FIX_SOMETIMES, Message, Rule
from gradlint.source import physical_lines

_LAYER_NAMES = tuple(sorted({name.rsplit(".", 1)[1] for name in torch_api.LAYERS}))


class InplaceOnLeaf(Rule):
    """An in-place operation on a leaf tensor that requires grad, outside `no_grad`.

    ## What it does
    Flags an in-place write into a tensor that is a leaf of the autograd graph and
    requires grad, or into a view of one, where grad mode is on: augmented assignment
    (`w -= lr * w.grad`), item assignment (`w[mask] = 0`), in-place Tensor methods
    (`p.add_(...)`, `w.copy_(...)`, `p.mul_(decay)`), in-place functions
    (`torch.relu_(w)`, `F.relu(w, inplace=True)`) and `out=w` arguments.

    Leaves that require grad are tensors made with `requires_grad=True` (or
    `requires_grad_()`), `nn.Parameter`s (also as `self.w` in every method of the class
    that assigns it), `model.parameters()`, `named_parameters()`, an optimizer's
    `param_groups`, and `.weight`/`.bias` of `nn` layers such as `nn.Linear`.
    `apply_`, `map_` and `resize_` are flagged under `no_grad` too: torch refuses them on
    any tensor that requires grad. Not flagged: other writes under `torch.no_grad()`, `torch.inference_mode()`,
    `torch.set_grad_enabled(False)` or a function decorated with them; writes through
    `.data` or `.detach()`; `nn.init.*_` (torch runs them under `no_grad`); tensors gradlint
    cannot tell about (function arguments, results of `.to(device)`); functions that
    are only ever called under `no_grad` in the same file; and functions that nothing in
    the file calls (their callers' grad mode is out of view: a weight-conversion helper
    is typically called under `no_grad` from another module), unless the write is in
    code that turns grad on itself (`torch.enable_grad()`).

    ## Why is this bad?
    Autograd refuses to let a leaf that requires grad be changed behind its back: the
    value the gradient is taken with respect to would change. Manual SGD steps, weight
    decay, EMA updates and re-initialisation written this way stop the run at the first
    update.

    ## Example
    ```python
    w = torch.randn(10, 1, requires_grad=True)
    for x, y in batches:
        loss = ((x @ w - y) ** 2).mean()
        loss.backward()
        w -= lr * w.grad
        w.grad.zero_()
    ```

    ## Use instead
    ```python
    w = torch.randn(10, 1, requires_grad=True)
    for x, y in batches:
        loss = ((x @ w - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    ```

    ## Runtime behaviour
    `RuntimeError: a leaf Variable that requires grad is being used in an in-place
    operation.` at the flagged line; `a view of a leaf Variable that requires grad is
    being used in an in-place operation.` for `w[0] += 1`; `functions with out=...
    arguments don't support automatic differentiation` for `out=w`.

    ## Fix safety
    The fix wraps the statement, or a run of adjacent flagged statements, in
    `with torch.no_grad():` (importing torch if the file does not). It is unsafe: the
    update is then no longer recorded by autograd, which is what a parameter update
    wants but not what every in-place write means. Offered only when the write is a
    statement of its own on its own line, and never for `apply_`, `map_` or `resize_`
    (the remedy there is to call them on `x.detach()`).
    """

    code = "GL101"
    name = "inplace-on-leaf"
    needs = ("requires_grad", "Parameter", "parameters", "param_groups", *_LAYER_NAMES)
    fix_availability = FIX_SOMETIMES
    oracle = ExceptionAtLine(
        ("RuntimeError",),
        r"a (view of a )?leaf Variable that requires grad is being used in an in-place operation"
        r"|functions with out=\.\.\. arguments don't support automatic differentiation"
        r"|Can't call (apply|map2?)_\(\) on Variable that requires grad"
        r"|cannot resize variables that require grad",
    )

    def check(self) -> None:
        # one finding per statement: `p.mul_(d).add_(x)` raises at the first write; of
        # the write's occurrences (in its function, and carried into callers), the
        # first that raises is reported: its own when it is certain, else a call's
        chosen: dict[int, tuple[Write, Tensor, Stream]] = {}
        order: list[int] = []
        for stream, event in self.facts.events(Write):
            if event.kind in ("renorm", "step"):
                continue  # torch renormalises an embedding's weight, and steps, under no_grad
            leaf = _leaf_written(event)
            if leaf is None or not self._raises(event, stream):
                continue
            key = id(event.statement or event.node)
            if key not in chosen:
                order.append(key)
                chosen[key] = (event, leaf, stream)
        kept = [chosen[key] for key in order]
        runs = self._runs([event for event, _, _ in kept])
        for event, leaf, _ in kept:
            line = _own_line(event)
            fix = runs.get(id(line)) if line is not None and not _refused(event) else None
            self.report(event.node, self._message(event, leaf), fix)

    def _raises(self, event: Write, stream: Stream) -> bool:
        # apply_/resize_ refuse a tensor that requires grad whatever the mode; other
        # writes raise where autograd records (a function only ever called under
        # no_grad in this file is fine)
        return _refused(event) or self.facts.surely_records_grad(event, stream)

    def _message(self, event: Write, leaf: Tensor) -> Message:
        code = self.facts.code
        target = code(event.target) if event.target is not None else "the tensor"
        op = event.op

        def message(line_of: Callable[[cst.CSTNode], int]) -> str:
            whose = _whose(event, leaf, target, code, line_of)
            if leaf.grad == Grad.VIEW_OF_LEAF:
                subject = f"`{target}`, part of a leaf tensor that requires grad{whose},"
            else:
                subject = f"leaf tensor `{target}` that requires grad{whose}"
            update = "do the update inside `with torch.no_grad():`"
            if _refused(event):
                return f"`.{op}()` on {subject} raises RuntimeError even under no_grad; call it on `{target}.detach()`"
            if event.kind == "augmented":
                return f"in-place `{op}` on {subject} raises RuntimeError; {update}"
            if event.kind == "method":
                return f"in-place `.{op}()` on {subject} raises RuntimeError; {update}"
            if event.kind == "setitem":
                return f"item assignment into {subject} is in place and raises RuntimeError; {update}"
            if event.kind == "out":
                return f"`{op}(..., out={target})` writes into {subject} and raises RuntimeError; use the result instead of `out=`"
            remedy = "use the out-of-place form" if event.kind == "inplace-flag" else f"use `{op.rstrip('_')}()`"
            return f"`{op}()` writes in place into {subject} and raises RuntimeError; {remedy}"

        return message

    # ------------------------------------------------------------------ fix

    def _runs(self, kept: list[Write]) -> dict[int, FixPlan]:
        """One fix per run of adjacent fixable lines in a block: id(line) -> fix."""
        guard = self._guard_name()
        if guard is None:
            return {}
        by_block: dict[int, tuple[cst.CSTNode, list]] = {}
        for event in kept:
            line, block = _own_line(event), event.block
            if line is not None and not _refused(event) and isinstance(block, (cst.IndentedBlock, cst.Module)):
                by_block.setdefault(id(block), (block, []))[1].append(line)
        fixes: dict[int, FixPlan] = {}
        for block, lines in by_block.values():
            index = {id(statement): i for i, statement in enumerate(cast(cst.IndentedBlock, block).body)}
            ordered = sorted({id(l): l for l in lines}.values(), key=lambda l: index.get(id(l), -1))
            run: list[cst.SimpleStatementLine] = []
            for line in [*ordered, None]:
                if line is not None and run and index.get(id(line)) == index.get(id(run[-1]), -2) + 1:
                    run.append(line)
                    continue
                if run:
                    plan = self._wrap(run, guard)
                    for member in run:
                        fixes[id(member)] = plan
                run = [line] if line is not None else []
        return fixes

    def _guard_name(self) -> tuple[str, bool] | None:
        """How to spell `torch.no_grad()` here, and whether `import torch` must be added."""
        spelled = self.facts.spelling(gradmode.NO_GRAD)
        if spelled is not None:
            return f"{spelled}()", False
        if self.facts.module_binds("torch"):
            return None  # `torch` means something else here
        return "torch.no_grad()", True

    def _wrap(self, run: list[cst.SimpleStatementLine], guard: tuple[str, bool]) -> FixPlan:
        call, needs_import = guard
        unit = self.facts.module.default_indent
        edits = [NodeEdit(run[0], _Wrapper(f"with {call}:", unit), end=run[-1], whole_lines=True)]
        if needs_import:
            edits.append(NodeEdit(_import_anchor(self.facts.module), "import torch\n", whole_lines=True, at="before"))
        what = "the update" if len(run) == 1 else f"these {len(run)} updates"
        return FixPlan(UNSAFE, f"Wrap {what} in `with {call}:`", tuple(edits))


def _refused(event: Write) -> bool:
    """`apply_`, `resize_`, ...: torch refuses these on a tensor that requires grad
    whatever the grad mode, so no_grad is no remedy."""
    return event.kind == "method" and event.op in torch_api.REFUSE_GRAD_METHODS


def _leaf_written(event: Write) -> Tensor | None:
    """The leaf that requires grad (or view of one) the write hits: the target's value,
    or, for the element of a loop over modules, the first option that is one."""
    for option in options_of(event.value) if event.value is not None else ():
        if isinstance(option, Tensor) and option.is_grad_leaf:
            return option
    return None


def _whose(
    event: Write, leaf: Tensor, target: str, code: Callable[[cst.CSTNode], str], line_of: Callable[[cst.CSTNode], int]
) -> str:
    """What the written tensor is, when the target's text does not say it: what a call
    passed, the module a loop over modules reached, the layer a parameter belongs to."""
    parts = []
    origin = leaf.origin
    passed = code(event.source[0]) if event.source is not None else None
    if origin is not None and origin.text and origin.text != passed and not target.endswith(origin.text.partition(".")[2] or origin.text):
        parts.append(f"`{origin.text}`")
    elif origin is not None and not origin.text and origin.parameter and isinstance(origin.node, cst.CSTNode):
        parts.append(f"the {origin.parameter} of `{_short(code(origin.node))}` made at line {line_of(origin.node)}")
    if event.source is not None:
        argument, call, role = event.source
        if role == "submodule":
            parts.append(f"a submodule of `{code(argument)}` that `{_short(code(call))}` at line {line_of(call)} visits")
        else:
            parts.append(f"passed as `{code(argument)}` at line {line_of(call)}")
    return f" ({', '.join(parts)})" if parts else ""


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _own_line(event: Write) -> cst.SimpleStatementLine | None:
    """The statement line, when the write is that line's only statement."""
    line = event.statement
    if line is None or len(line.body) != 1:
        return None
    statement = line.body[0]
    if statement is event.node or (isinstance(statement, cst.Expr) and statement.value is event.node):
        return line
    return None


class _Wrapper:
    """Indent whole lines one level under a `with` header, leaving the inside of
    multi-line strings untouched (their text is part of the program)."""

    def __init__(self, header: str, unit: str) -> None:
        self.header = header
        self.unit = unit

    def __call__(self, original: str) -> str:
        lines = physical_lines(original, keepends=True)
        inside_string = _lines_inside_strings(original)
        first = lines[0]
        indent = first[: len(first) - len(first.lstrip(" \t"))]
        newline = "\r\n" if first.endswith("\r\n") else "\n"
        out = [indent + self.header + newline]
        for number, line in enumerate(lines, start=1):
            if number in inside_string or not line.strip():
                out.append(line)
            else:
                out.append(self.unit + line)
        if not out[-1].endswith(("\n", "\r")):
            out[-1] += newline
        return "".join(out)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Wrapper) and (other.header, other.unit) == (self.header, self.unit)

    def __hash__(self) -> int:
        return hash((self.header, self.unit))


def _lines_inside_strings(text: str) -> set[int]:
    """Line numbers (1-based) that begin inside a multi-line string token."""
    inside: set[int] = set()
    wrapped = "if True:\n" + text  # makes a leading indent legal for the tokenizer
    try:
        for token in tokenize.generate_tokens(io.StringIO(wrapped).readline):
            if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
                start, end = token.start[0] - 1, token.end[0] - 1
                inside.update(range(start + 1, end + 1))
    except (tokenize.TokenError, IndentationError):
        pass
    return inside


def _import_anchor(module: cst.Module) -> cst.CSTNode:
    """The statement before which `import torch` goes: after the docstring and
    `from __future__` imports."""
    body = list(module.body)
    index = 0
    if body and _is_docstring(body[0]):
        index = 1
    while index < len(body) and _is_future_import(body[index]):
        index += 1
    return body[index] if index < len(body) else body[-1]


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _is_future_import(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.ImportFrom)
        and isinstance(statement.body[0].module, cst.Name)
        and statement.body[0].module.value == "__future__"
    )
