from __future__ import annotations

from collections.abc import Callable
from typing import cast

import libcst as cst

from gradlint.engine.access import aliases, reads, reads_first
from gradlint.engine.events import Backward, Event, Exit, LoopCarry, Save, Stream
from gradlint.engine.model import ClassInfo
from gradlint.engine.names import dotted
from gradlint.engine.scan import target_paths
from gradlint.engine.timeline import ends_after, exclusive
from gradlint.engine.tree import descendants
from gradlint.engine.values import Deferred, Instance, deps_of, requires_grad_of
from gradlint.oracles import ExceptionAtLine
from gradlint.rule import Message, Rule


class BackwardTwice(Rule):
    """A second backward pass through a graph that an earlier one already freed.

    ## What it does
    Flags a `backward()` (or `torch.autograd.grad()`) whose graph shares nodes with one
    that was already backpropagated without `retain_graph=True`: the same loss twice
    (a `backward()` helper plus a leftover `loss.backward()`); two losses from one
    forward pass, each backpropagated (multi-task heads, actor and critic on a shared
    trunk, a GAN generator step through `D(fake)` after a discriminator step that did
    not detach `fake`); `torch.autograd.grad()` without `create_graph`/`retain_graph`
    followed by a backward through the same network (a gradient penalty); a forward
    pass computed before a loop whose body calls `backward()`; a loss that carries the
    previous iteration's graph (an exponential moving average of the loss used as the
    objective); and the recurrent case, truncated BPTT done wrong, where a hidden state
    returned by an RNN/LSTM/GRU, or kept on the module as `self.hidden`, is fed to the
    next iteration without `.detach()`.

    Not flagged: `retain_graph=True` on every backward but the last; losses summed
    before one `backward()`; the forward recomputed in the loop, or computed once under
    `torch.no_grad()` (a frozen encoder); hidden states detached (`h.detach()`,
    `repackage_hidden`); `fake.detach()` in the discriminator step;
    `torch.autograd.grad(..., create_graph=True)`; two forward passes each with its own
    backward (SAM); L-BFGS closures.

    ## Why is this bad?
    `backward()` frees the tensors each node saved for the backward pass as soon as it
    has used them. A second pass through any of those nodes has nothing to compute
    with, so it stops the run; in truncated BPTT it fails on the second batch.

    ## Example
    ```python
    lstm, criterion = nn.LSTM(8, 16), nn.MSELoss()
    hidden = (torch.zeros(1, 4, 16), torch.zeros(1, 4, 16))
    for data, targets in batches:
        optimizer.zero_grad()
        output, hidden = lstm(data, hidden)
        loss = criterion(output, targets)
        loss.backward()
        optimizer.step()
    ```

    ## Use instead
    ```python
    lstm, criterion = nn.LSTM(8, 16), nn.MSELoss()
    hidden = (torch.zeros(1, 4, 16), torch.zeros(1, 4, 16))
    for data, targets in batches:
        hidden = tuple(h.detach() for h in hidden)
        optimizer.zero_grad()
        output, hidden = lstm(data, hidden)
        loss = criterion(output, targets)
        loss.backward()
        optimizer.step()
    ```

    ## Runtime behaviour
    At the second backward (torch 2.13, 2.14): `RuntimeError: Trying to backward through the
    graph a second time (or directly access saved tensors after they have already been
    freed). Saved intermediate values of the graph are freed when you call .backward()
    or autograd.grad(). Specify retain_graph=True if you need to backward through the
    graph a second time or if you need to access saved tensors after calling backward.`
    The error needs a node that saved a tensor: a graph made only of additions, sums and
    views (`(w + 1).sum()`) can be backpropagated twice without error, and its
    gradients are then simply added twice.

    ## Fix safety
    No automatic fix: `retain_graph=True` silences the error but is wrong for the
    recurrent case (every backward then runs through all earlier batches, and memory
    grows), and whether to detach, sum the losses or recompute the forward pass depends
    on what the author meant.
    """

    code = "GL108"
    name = "backward-twice"
    needs = ("backward", "grad(")
    oracle = ExceptionAtLine(("RuntimeError",), r"Trying to backward through the graph a second time")

    _rebound: frozenset | None = None

    def check(self) -> None:
        saving = self._saving_keys()
        if not saving:
            return
        reported: set[int] = set()
        for stream in self.facts.streams():
            self._check_stream(stream, saving, reported)

    def _saving_keys(self) -> dict:
        """The save records that hold tensors (a pass through them needs what they
        saved), by key, with the loops around where each was made."""
        found: dict = {}
        for _, save in self.facts.events(Save):
            if save.saved and _on_grad(save):
                found.setdefault(save.key, save)
        return found

    def _check_stream(self, stream: Stream, saving: dict, reported: set[int]) -> None:
        freed: dict = {}  # key -> the backward that freed it
        events = stream.events
        made: set = set()  # the records this stream sees made: only those can be told freed
        for event in events:
            if isinstance(event, Save):
                made.add(event.key)
                freed.pop(event.key, None)  # made again (a second call of the function that makes it)
                continue
            if not isinstance(event, Backward) or event.value is None:
                continue
            keys = deps_of(event.value) & saving.keys()
            if not keys:
                continue
            if id(event.node) not in reported:
                earlier = [
                    freed[key]
                    for key in keys
                    if key in freed
                    and not exclusive(freed[key], event)
                    and not _left_between(events, freed[key], event)
                    and not _own_graph_each_call(freed[key], event)
                ]
                if earlier:
                    reported.add(id(event.node))
                    self.report(event.node, self._message(event, earlier[0]))
                elif not event.retains_graph and self._made_before_loop(stream, event, keys):
                    reported.add(id(event.node))
                    self.report(event.node, self._loop_message(event))
                elif not event.retains_graph:
                    carried = self._carried_into_next_iteration(stream, event, keys)
                    if carried is not None:
                        reported.add(id(event.node))
                        self.report(event.node, self._carry_message(event, carried))
            if not event.retains_graph:
                for key in keys & made:
                    freed.setdefault(key, event)

    def _made_before_loop(self, stream: Stream, event: Backward, keys: frozenset) -> bool:
        """Whether the backward, in a loop of its function, frees records made in this
        function before that loop: the next iteration's backward reaches them again
        (not those of a leaf rebound to a non-leaf: GL106 reports the cause)."""
        loops = [frame for frame in event.own_structure if frame[0] == "loop"]
        if not loops:
            return False
        loop = loops[-1]
        made: dict = {}
        for save in stream.events:
            if isinstance(save, Save) and save.key in keys:
                made.setdefault(save.key, []).append(save)
        rebound = self._rebound_keys()
        return any(
            key not in rebound and all(loop not in save.structure for save in saves) for key, saves in made.items()
        )

    def _rebound_keys(self) -> frozenset:
        if self._rebound is None:
            found: frozenset = frozenset()
            for _, rebind in self.facts.rebound_leaves():
                found |= deps_of(rebind.new) if rebind.new is not None else frozenset()
            self._rebound = found
        return self._rebound

    def _carried_into_next_iteration(self, stream: Stream, event: Backward, keys: frozenset) -> str | None:
        """What a loop around the backward carries into its next iteration that still
        reaches the records this backward frees, and the next iteration's backward
        goes through: a hidden state fed back without ``.detach()``, a loss averaged
        with the previous one. Its name, or None."""
        for frame in event.own_structure:
            if frame[0] != "loop":
                continue
            loop = cast(cst.For | cst.While, frame[1])
            for carry in stream.events:
                if not isinstance(carry, LoopCarry) or carry.node is not loop or carry.value is None:
                    continue
                backwarded = event.target if event.target is not None else event.node
                if not reads(backwarded, aliases(loop.body, carry.path)):
                    continue
                if isinstance(carry.value, Instance):
                    for name, value in carry.value.attrs.items():
                        if deps_of(value) & keys and self._fed_back(carry.value.info, name):
                            return f"{carry.path}.{name}"
                elif deps_of(carry.value) & keys and reads_first(loop.body, carry.path):
                    if not self._detached(loop.body, carry.path):
                        return carry.path
        return None

    def _fed_back(self, info: ClassInfo, attribute: str) -> bool:
        """Whether a method that sets ``self.<attribute>`` reads it first, without
        detaching it."""
        for write in info.writes:
            method = write.method
            if write.attribute != attribute or method.self_name is None:
                continue
            path = f"{method.self_name}.{attribute}"
            if reads_first(method.node.body, path) and not self._detached(method.node.body, path):
                return True
        return False

    def _detached(self, body: cst.CSTNode, path: str, depth: int = 0) -> bool:
        """Whether ``body`` cuts ``path`` from its graph somewhere: an assignment to it
        (or ``path.detach_()``) that detaches, itself or in a function of the file it
        calls (``hidden = repackage_hidden(hidden)``), or that binds it afresh without
        reading it (``loss = torch.zeros(())``); or a method it calls on the owner of
        ``path`` does (``self.begin_batch()`` detaching ``self.hidden``)."""
        for node in descendants(body):
            value: cst.BaseExpression | None = None
            assigned: list[str] = []
            if isinstance(node, cst.Assign):
                assigned, value = [p for t in node.targets for p in target_paths(t.target)], node.value
            elif isinstance(node, cst.AnnAssign) and node.value is not None:
                assigned, value = target_paths(node.target), node.value
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
                if node.func.attr.value == "detach_" and dotted(node.func.value) == path:
                    return True
                owner = dotted(node.func.value)
                if depth == 0 and owner is not None and path.startswith(owner + "."):
                    for method in self.facts.model.functions.values():
                        if method.name == node.func.attr.value and method.self_name is not None:
                            inner = method.self_name + path[len(owner) :]
                            if self._detached(method.node.body, inner, depth + 1):
                                return True
                continue
            else:
                continue
            if path in assigned and (not reads(value, {path}) or self._detaches(value)):
                return True
        return False

    def _detaches(self, expr: cst.CSTNode | None, depth: int = 0) -> bool:
        if expr is None:
            return False
        for node in descendants(expr):
            if isinstance(node, cst.Attribute) and node.attr.value in ("detach", "detach_", "data"):
                return True
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and depth < 2:
                for function in self.facts.model.functions.values():
                    if function.name == node.func.value and self._detaches(function.node.body, depth + 1):
                        return True
        return False

    def _carry_message(self, event: Backward, carried: str) -> str:
        written = self._written(event)
        return (
            f"`{written}` frees this iteration's graph, but `{carried}` carries it into the next iteration, whose "
            f"backward() runs into it again: this raises RuntimeError on the second iteration; detach it before it "
            f"is fed back (`{carried} = {carried}.detach()`, each tensor of a tuple)"
        )

    def _message(self, event: Backward, earlier: Backward) -> Message:
        written = self._written(event)
        first = earlier.node

        def message(line_of: Callable[[cst.CSTNode], int]) -> str:
            return (
                f"`{written}` backpropagates through a graph that the backward at line {line_of(first)} already freed "
                f"(it did not pass `retain_graph=True`): this raises RuntimeError; sum the losses into one backward(), "
                f"or detach what the second one should not reach"
            )

        return message

    def _loop_message(self, event: Backward) -> str:
        written = self._written(event)
        return (
            f"`{written}` frees the graph of a forward pass made before the loop, which the next iteration "
            f"backpropagates through again: this raises RuntimeError on the second iteration; compute it inside the "
            f"loop, or under `torch.no_grad()` if it is not trained"
        )

    def _written(self, event: Backward) -> str:
        written = " ".join(self.facts.code(event.node).split())
        return written if len(written) <= 50 else written[:49] + "…"


def _own_graph_each_call(first: Backward, second: Backward) -> bool:
    """One backward statement of a function reached by two calls of it, on a loss the
    function computes itself (not one its caller passes): each call backpropagates a
    graph of its own."""
    if first.node is not second.node or not first.via or not second.via:
        return False
    if first.via[0].call is second.via[0].call and len(first.via) == len(second.via) == 1:
        return False
    function = second.via[-1].function
    written = dotted(second.target) if second.target is not None else None
    root = written.split(".")[0] if written else None
    params = {p.name for p in getattr(function, "params", ())}
    return root is not None and root not in params


def _on_grad(save: Save) -> bool:
    """Whether the op had an operand known to require grad: a backward goes through it
    (what reaches it only through values we cannot see is not counted)."""
    options = getattr(save.match, "options", ()) or ()
    return any(
        requires_grad_of(value) is True or isinstance(value, Deferred)  # a model the caller passes, called
        for _, letters in options
        for value in letters.values()
    )


def _left_between(events: list[Event], first: Event, second: Event) -> bool:
    """Whether the code after ``first`` leaves before ``second`` runs (a ``return`` or
    ``raise`` in a block around ``first``)."""
    index = events.index(first)
    until = events.index(second)
    return any(isinstance(e, Exit) for e in events[index + 1 : until]) and ends_after(events, index, until)
