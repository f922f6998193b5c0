from __future__ import annotations

import libcst as cst

from gradlint.diagnostics import SAFE
from gradlint.engine.events import Accumulate, Backward, Stream
from gradlint.engine.fixes import FixPlan, NodeEdit
from gradlint.engine.model import FunctionInfo
from gradlint.engine.access import reads
from gradlint.engine.names import dotted
from gradlint.engine.tree import descendants
from gradlint.engine.values import Value, ident_of, options_of, requires_grad_of
from gradlint.oracles import GraphAccumulated
from gradlint.rule import FIX_SOMETIMES, Rule


class LossAccumulatedWithGraph(Rule):
    """A running loss total, kept for logging, that adds the loss tensor itself and so
    keeps every iteration's graph alive.

    ## What it does
    Flags, inside a loop that trains or evaluates a model, an accumulation of a loss
    that requires grad into a total that is only logged: `total_loss += loss`,
    `epoch_loss += loss * x.size(0)`, `smooth = beta * smooth + (1 - beta) * loss`,
    `losses.append(loss)` (later averaged with `sum(losses) / len(losses)`,
    `torch.stack(...).mean().item()` or printed), on a local name or a `self.`
    attribute (a trainer's `self.running_loss`, a Lightning module's
    `self.training_step_outputs`), and in a meter's `update()` when it is called with
    the loss tensor (`meter.update(loss, n)` adding `val * n` to `self.sum`).

    Not flagged: `loss.item()`, `loss.detach()`; totals computed under
    `torch.no_grad()`/`inference_mode()`; a total that is backpropagated (micro-batch
    losses summed into one objective, `total.backward()` after the loop, a seq2seq
    decoder's per-step losses, a list of task losses stacked into one `backward()`).

    ## Why is this bad?
    Each `+=` makes a node that holds the previous total's node and this iteration's
    loss node, so the graph of every iteration stays reachable from the total until the
    total is dropped. With `backward()` in the loop those nodes are small but never
    freed; in a loop without `backward()` (validation without `torch.no_grad()`) they
    keep every batch's activations too, and memory grows batch after batch until the
    device runs out (the PyTorch FAQ's "Don't accumulate history across your training
    loop").

    ## Example
    ```python
    total_loss = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss
    print(total_loss / len(loader))
    ```

    ## Use instead
    ```python
    total_loss = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    print(total_loss / len(loader))
    ```

    ## Runtime behaviour
    Nothing is raised. The total has a `grad_fn` (`AddBackward0`) and the number of
    autograd nodes reachable from it grows by one iteration's graph each time (12, 20,
    28, 36, 44 nodes over five batches of the FAQ loop in the fixtures, measured with
    torch 2.13 and 2.14). Without `backward()` in the loop the saved activations stay too: a
    `Linear(64, 1)` on batches of 256 keeps 65 KiB more per batch. `float(loss)` on a
    tensor that requires grad warns on torch 2.13 and 2.14 (`UserWarning: Converting a tensor
    with requires_grad=True to a scalar may lead to unexpected behavior.`); `loss.item()`
    does not.

    ## Fix safety
    Where the total is only used for logging, the safe fix adds `.detach()` to what is
    accumulated (`total_loss += loss.detach()`, `losses.append(loss.detach())`): every
    logged value is the same, only the graph is dropped. `.item()` would also do, but
    changes the total from a tensor to a float (and syncs with the device each step), so
    it is not applied automatically.
    """

    code = "GL109"
    name = "loss-accumulated-with-graph"
    needs = ("+", "append", "extend", "insert", "add")
    fix_availability = FIX_SOMETIMES
    oracle = GraphAccumulated()

    def check(self) -> None:
        if not self.facts.uses_torch():
            return
        reported: set[int] = set()
        for stream, event in self.facts.events(Accumulate):
            if id(event.node) in reported or not event.loops or event.value is None or event.expr is None:
                continue
            if not self.facts.records_grad(event, stream):
                continue
            if not _requires_grad(event.value) and not _backwarded_in(stream, event.value):
                continue  # a backward() through it says it requires grad
            owner = event.via[-1].function if event.via else stream.function
            root = event.path.split(".")[0]
            if "." in event.path and (not event.via or root == getattr(owner, "self_name", None)):
                holder = "attribute"  # outlives the call and the loop's iterations
            elif "." in event.path:
                continue
            else:
                holder = "local"
            if not self._loss_like(stream, event):
                continue
            if holder == "local" and self._reset_each_iteration(event, owner):
                continue
            home = self.facts.stream_of(owner) if event.via and isinstance(owner, FunctionInfo) else stream
            if self._backpropagated(home, event, holder):
                continue
            reported.add(id(event.node))
            self.report(event.node, self._message(event), self._fix(event))

    def _loss_like(self, stream: Stream, event: Accumulate) -> bool:
        """A loss: backpropagated itself, or named so (the total, the added expression,
        or what a caller passed for it)."""
        texts = [event.path, self.facts.code(event.expr)]  # type: ignore[arg-type]
        for step in event.via:
            texts.extend(self.facts.code(expr) for _, expr in step.arguments if expr is not None)
        if any("loss" in text.lower() for text in texts):
            return True
        return _backwarded_in(stream, event.value)  # type: ignore[arg-type]

    def _reset_each_iteration(self, event: Accumulate, owner: object) -> bool:
        """Whether a local total is not kept across iterations of a loop of its own
        function: no loop there, or the innermost one binds it afresh each time."""
        frames = event.own_structure if not event.via else event.structure[event.own_frames or 0 :]
        loops = [frame for frame in frames if frame[0] == "loop"]
        if event.via and isinstance(owner, FunctionInfo):
            inside = {id(node) for node in descendants(owner.node.body)}
            loops = [frame for frame in loops if id(frame[1]) in inside]
        if not loops:
            return True
        for node in descendants(loops[-1][1].body):
            if node is event.node:
                continue
            targets: list = []
            value: cst.BaseExpression | None = None
            if isinstance(node, cst.Assign):
                targets, value = [t.target for t in node.targets], node.value
            elif isinstance(node, cst.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            for target in targets:
                names = [target] + [e.value for e in getattr(target, "elements", ())]
                if any(dotted(name) == event.path for name in names) and not reads(value, {event.path}):
                    return True
        return False

    # ------------------------------------------------------------------ its uses

    def _backpropagated(self, stream: Stream, event: Accumulate, holder: str) -> bool:
        """Whether a backward() goes through the total (or what is computed from it),
        or the total leaves the function for callers we cannot judge."""
        function = stream.function
        body = function.node if isinstance(function, FunctionInfo) else self.facts.module
        names = _aliases(body, event.path)
        streams = self.facts.streams() if holder == "attribute" else [stream]
        for other in streams:
            for backward in other.events:
                if isinstance(backward, Backward) and reads(_backwarded(backward), names):
                    return True
        if _backwarded_in(stream, event.value, freeing=True):  # type: ignore[arg-type]
            return False  # what it adds was backpropagated already: a second backward would raise
        if holder == "local" and isinstance(function, FunctionInfo):
            for node in descendants(function.node.body):
                if isinstance(node, (cst.Return, cst.Yield)) and node.value is not None and reads(node.value, names):
                    return self._result_backpropagated(function)
        return False

    def _result_backpropagated(self, function: FunctionInfo) -> bool:
        """Whether a caller may backpropagate what ``function`` returns: unknown (so
        yes) when no call is in view."""
        edges = self.facts.call_edges(function)
        if not edges:
            return True
        for stream, edge in edges:
            statement = edge.statement
            caller = stream.function
            body = caller.node if isinstance(caller, FunctionInfo) else self.facts.module
            if not isinstance(statement, cst.SimpleStatementLine):
                return True
            names: set[str] = set()
            for small in statement.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        for name in [target.target] + [e.value for e in getattr(target.target, "elements", ())]:
                            path = dotted(name)
                            if path is not None:
                                names |= _aliases(body, path)
                elif not isinstance(small, cst.Expr):
                    return True  # returned on, or used in a way we do not follow
            for backward in stream.events:
                if isinstance(backward, Backward) and reads(_backwarded(backward), names):
                    return True
        return False

    # ------------------------------------------------------------------ report

    def _message(self, event: Accumulate) -> str:
        added = " ".join(self.facts.code(event.expr).split())  # type: ignore[arg-type]
        added = added if len(added) <= 40 else added[:39] + "…"
        kept = "the list" if event.kind in ("append", "insert") else "the total"
        return (
            f"`{event.path}` collects `{added}`, which requires grad, and is never backpropagated: {kept} keeps "
            f"every iteration's graph alive, so memory grows each step; add `.detach()` (or `.item()`) to it"
        )

    def _fix(self, event: Accumulate) -> FixPlan | None:
        expr = event.expr
        if event.kind == "rebind" or expr is None:
            return None
        edits: tuple[NodeEdit, ...]
        if isinstance(expr, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or expr.lpar:
            edits = (NodeEdit(expr, ".detach()", at="after"),)
        else:
            edits = (NodeEdit(expr, "(", at="before"), NodeEdit(expr, ").detach()", at="after"))
        return FixPlan(SAFE, "Detach what is collected", edits)


def _requires_grad(value: Value) -> bool:
    return any(requires_grad_of(option) is True for option in options_of(value))


def _idents(value: Value) -> set:
    return {ident for ident in (ident_of(option) for option in options_of(value)) if ident is not None}


def _backwarded_in(stream: Stream, value: Value, freeing: bool = False) -> bool:
    """Whether a backward() in ``stream`` goes through the very tensor ``value`` (with
    ``freeing``: one that frees its graph)."""
    idents = _idents(value)
    return bool(idents) and any(
        isinstance(other, Backward)
        and other.value is not None
        and _idents(other.value) & idents
        and not (freeing and other.retains_graph)
        for other in stream.events
    )


def _backwarded(backward: Backward) -> cst.CSTNode:
    return backward.target if backward.target is not None else backward.node


def _aliases(body: cst.CSTNode, path: str) -> set[str]:
    """``path`` and the names bound (in ``body``) to expressions that read it, or read
    those: ``loss = torch.stack(losses).mean()``."""
    names = {path}
    assignments = [
        node for node in descendants(body) if isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign))
    ]
    changed = True
    while changed:
        changed = False
        for node in assignments:
            if node.value is None or not reads(node.value, names):
                continue
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for target in targets:
                for name in [target] + [e.value for e in getattr(target, "elements", ())]:
                    for found in _holders(name):
                        if found not in names:
                            names.add(found)
                            changed = True
    return names


def _holders(target: cst.BaseExpression) -> list[str]:
    """The paths that hold what is stored into ``target``: ``outputs.loss`` is held by
    ``outputs.loss`` and ``outputs``; ``out["loss"]`` by ``out``."""
    while isinstance(target, cst.Subscript):
        target = target.value
    path = dotted(target)
    if path is None:
        return []
    parts = path.split(".")
    start = 2 if parts[0] in ("self", "cls") else 1  # `self` itself holds everything
    return [".".join(parts[:i]) for i in range(min(start, len(parts)), len(parts) + 1)]
