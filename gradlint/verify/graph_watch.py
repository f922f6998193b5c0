"""Child-side instruments that watch what the fixture's names are bound to, line by
line (imports torch, like ``observe``):

- ``leaf-rebound`` (GL106): a name that held a leaf requiring grad is rebound to a
  non-leaf computed from it, and the run then uses it as if it were still the leaf;
- ``graph-accumulated`` (GL109): a running total (a tensor or a list of tensors) whose
  autograd graph grows each time its line runs and that no backward pass ever uses.

Both read the bindings of each fixture frame (its locals and the attributes of its
``self``) when a line begins and again when it is done.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from gradlint.verify.observe import Context

#: what a subscriber hears: the frame, the line that just finished in it, the clock when
#: that line began, the name, its value before the line (None if unbound) and after
Change = Callable[[FrameType, int, int, str, Any, Any], None]

#: a graph this large is measured no further (the count only has to grow)
_MAX_NODES = 100_000


class BindingWatch:
    """For each fixture frame, the tensors and lists bound to its names when its current
    line began; when the line is done, subscribers hear of each name whose binding
    changed: another object, a tensor with another ``grad_fn`` (an in-place op), or a
    list of another length. ``clock`` counts the lines begun and ended, in every frame."""

    def __init__(self, ctx: Context, tensor_type: Any) -> None:
        self.ctx = ctx
        self.tensor_type = tensor_type
        self.clock = 0
        self.subscribers: list[Change] = []
        self._frames: dict[int, tuple[int, int, dict[str, tuple[Any, Any]]]] = {}
        self._mutations: dict[int, tuple[Any, Any]] = {}  # id -> (object, state) last told of
        ctx.frame_hooks.append(self._on_event)

    def _bindings(self, frame: FrameType) -> dict[str, tuple[Any, Any]]:
        found: dict[str, tuple[Any, Any]] = {}
        names = frame.f_locals
        self._keep(found, "", names.items())
        attributes = getattr(names.get("self"), "__dict__", None)
        if isinstance(attributes, dict):
            self._keep(found, "self.", attributes.items())
        return found

    def _keep(self, found: dict, prefix: str, items: Iterable[tuple[str, Any]]) -> None:
        for name, value in items:
            if isinstance(value, self.tensor_type):
                found[prefix + name] = (value, value.grad_fn)
            elif type(value) is list:
                found[prefix + name] = (value, len(value))

    def _on_event(self, frame: FrameType, event: str) -> None:
        self.clock += 1
        before = self._frames.pop(id(frame), None)
        if before is None and event != "line":
            return
        now = self._bindings(frame)
        if before is not None:
            line, began, old = before
            for name, (value, state) in now.items():
                previous = old.get(name)
                if previous is not None and previous[0] is value:
                    if previous[1] == state:  # a grad_fn node compares by identity
                        continue
                    # changed in place: the innermost frame that saw it, where the
                    # change was made, is told; the frames around it are not
                    seen = self._mutations.get(id(value))
                    if seen is not None and seen[0] is value and seen[1] == state:
                        continue
                    self._mutations[id(value)] = (value, state)
                for subscriber in self.subscribers:
                    subscriber(frame, line, began, name, None if previous is None else previous[0], value)
        if event == "line":
            self._frames[id(frame)] = (frame.f_lineno, self.clock, now)


def reachable(roots: Iterable[Any], limit: int = _MAX_NODES) -> set:
    """The autograd nodes reachable from ``roots`` (graph nodes, not tensors)."""
    seen: set = set()
    stack = [root for root in roots if root is not None]
    while stack and len(seen) < limit:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(child for child, _ in node.next_functions if child is not None)
    return seen


def _reaches_leaf(tensor: Any, leaf: Any) -> bool:
    return any(getattr(node, "variable", None) is leaf for node in reachable([tensor.grad_fn]))


# ---------------------------------------------------------------------- GL106


@dataclass
class _Rebinding:
    line: int
    stack: list[int]
    name: str
    leaf: Any
    leaf_version: int
    update_step: bool  # the line read the leaf's own .grad
    consequences: list[dict] = field(default_factory=list)


def watch_rebound_leaves(ctx: Context, watch: BindingWatch) -> Callable[[], None]:
    """A leaf requiring grad whose name is rebound to a non-leaf computed from it (not
    a view of it: that is GL105's; not a ``.to()``/``.cuda()``/``.double()`` copy:
    GL111's), and what follows: ``.grad`` read on the rebound tensor (torch warns and
    returns None), the rebound tensor handed to an optimizer, or, when the rebinding
    read the leaf's ``.grad``, the leaf never updated afterwards. Reading ``.grad`` goes
    through a property that re-issues torch's own warnings at the caller's line."""
    import torch

    rebindings: dict[tuple[int, str], _Rebinding] = {}
    stand_ins: dict[int, tuple[Any, _Rebinding]] = {}  # id(rebound tensor) -> (it, record)
    leaf_reads: list[tuple[int, int, int]] = []  # (clock, id(leaf), id(frame)): .grad read by fixture code

    def stand_in_for(tensor: Any) -> _Rebinding | None:
        entry = stand_ins.get(id(tensor))
        return entry[1] if entry is not None and entry[0] is tensor else None

    def changed(frame: FrameType, line: int, began: int, name: str, old: Any, new: Any) -> None:
        if not isinstance(old, torch.Tensor) or not isinstance(new, torch.Tensor) or new.grad_fn is None:
            return
        if stand_in_for(new) is not None:
            return  # rebound in a function this line called: recorded there
        record = stand_in_for(old)
        if record is not None:
            if _reaches_leaf(new, record.leaf):  # `w = w - lr * w.grad` again: the same mistake
                stand_ins[id(new)] = (new, record)
            return
        if not (old.is_leaf and old.requires_grad):
            return
        if (new._is_view() and new._base is old) or type(new.grad_fn).__name__ == "ToCopyBackward0":
            return
        if not _reaches_leaf(new, old):
            return
        record = rebindings.get((line, name))
        if record is None:
            update_step = False
            for clock, leaf, where in reversed(leaf_reads):
                if clock < began:
                    break
                update_step = update_step or (leaf == id(old) and where == id(frame))
            record = rebindings[(line, name)] = _Rebinding(
                line, ctx._outer_lines(frame), name, old, old._version, update_step
            )
        stand_ins[id(new)] = (new, record)

    watch.subscribers.append(changed)

    base: Any = torch._C.TensorBase.grad  # the C getset descriptor

    def get_grad(tensor: Any) -> Any:
        if tensor.is_leaf:
            caller = sys._getframe(1)
            if tensor.requires_grad and ctx.is_fixture(caller.f_code.co_filename):
                leaf_reads.append((watch.clock, id(tensor), id(caller)))
            return base.__get__(tensor)
        record = stand_in_for(tensor)
        if record is not None and not tensor.retains_grad:
            record.consequences.append({"kind": "grad-read", "line": ctx.current_line()})
        # torch warns from C++ at the Python frame that reads .grad: this property's
        # frame; the same warning is issued again at its caller, where torch put it
        with warnings.catch_warnings(record=True) as raised:
            warnings.simplefilter("always")
            value = base.__get__(tensor)
        for warning in raised:
            warnings.warn(warning.message, stacklevel=2)
        return value

    def set_grad(tensor: Any, value: Any) -> None:
        base.__set__(tensor, value)

    def delete_grad(tensor: Any) -> None:
        base.__delete__(tensor)

    torch.Tensor.grad = property(get_grad, set_grad, delete_grad)

    add_param_group = torch.optim.Optimizer.add_param_group

    def checked_add_param_group(optimizer: Any, param_group: Any) -> Any:
        params = param_group.get("params") if isinstance(param_group, dict) else None
        if params is not None and not isinstance(params, (torch.Tensor, list, tuple, set)):
            params = param_group["params"] = list(params)  # a generator: add_param_group lists it too
        if isinstance(params, torch.Tensor):
            params = [params]
        if isinstance(params, (list, tuple)):
            for param in params:
                record = stand_in_for(param)
                if record is not None:
                    record.consequences.append({"kind": "optimized", "line": ctx.current_line()})
        return add_param_group(optimizer, param_group)

    torch.optim.Optimizer.add_param_group = checked_add_param_group

    def finish() -> None:
        del torch.Tensor.grad
        torch.optim.Optimizer.add_param_group = add_param_group
        for record in rebindings.values():
            if record.update_step and record.leaf._version == record.leaf_version:
                record.consequences.append({"kind": "never-updated", "line": record.line})
            if record.consequences:
                ctx.events.append(
                    {
                        "oracle": "leaf-rebound",
                        "line": record.line,
                        "stack": record.stack,
                        "name": record.name,
                        "consequences": record.consequences,
                    }
                )

    return finish


# ---------------------------------------------------------------------- GL109


@dataclass
class _Accumulation:
    line: int
    stack: list[int]
    name: str
    value: Any  # the tensor or list, as last extended
    roots: list  # the grad_fn of the tensor, or of each tensor in the list
    sizes: list[int]  # nodes reachable after each extension


def watch_accumulated_graphs(ctx: Context, watch: BindingWatch) -> Callable[[], None]:
    """Each time a line rebinds a name to a tensor with a graph, or grows a list that
    holds such tensors, count the autograd nodes reachable from it. Three or more runs
    of that line in a row, each extending the previous value (a tensor whose graph
    reaches the previous one's ``grad_fn``, or the same list with more tensors in it)
    and each with more nodes than the last, are an accumulation. It is reported when no
    single backward pass went through all of its roots (as they were after the last
    extension), by the end of the run."""
    import torch

    finished: list[_Accumulation] = []  # runs that were three lines long or more
    current: dict[tuple[int, str], _Accumulation] = {}
    backward_calls = [0]
    reached: dict[Any, set[int]] = {}  # hooked root node -> the backward calls that ran it

    def roots_of(value: Any) -> list:
        """The graph roots of a loss total: a one-element tensor, or a list of them."""
        items = [value] if isinstance(value, torch.Tensor) else value
        with_graph = [item for item in items if isinstance(item, torch.Tensor) and item.grad_fn is not None]
        if any(item.numel() != 1 for item in with_graph):
            return []
        return [item.grad_fn for item in with_graph]

    def extends(previous: _Accumulation, new: Any, roots: list, nodes: set) -> bool:
        if isinstance(new, torch.Tensor):
            return isinstance(previous.value, torch.Tensor) and previous.roots[0] in nodes
        return new is previous.value and set(previous.roots) < set(roots)

    def hook(root: Any) -> None:
        if root not in reached:
            calls = reached[root] = set()
            root.register_prehook(lambda grad_outputs: calls.add(backward_calls[0]))

    def end(key: tuple[int, str]) -> None:
        accumulation = current.pop(key, None)
        if accumulation is not None and len(accumulation.sizes) >= 3:
            finished.append(accumulation)

    def changed(frame: FrameType, line: int, began: int, name: str, old: Any, new: Any) -> None:
        key = (line, name)
        roots = roots_of(new)
        if not roots:
            end(key)
            return
        nodes = reachable(roots)
        accumulation = current.get(key)
        if (
            accumulation is not None
            and len(nodes) > accumulation.sizes[-1]
            and extends(accumulation, new, roots, nodes)
        ):
            accumulation.value, accumulation.roots = new, roots
            accumulation.sizes.append(len(nodes))
        else:
            end(key)
            accumulation = current[key] = _Accumulation(
                line, ctx._outer_lines(frame), name, new, roots, [len(nodes)]
            )
        if len(accumulation.sizes) >= 3:
            for root in roots:
                hook(root)

    watch.subscribers.append(changed)

    originals = {name: getattr(torch.autograd, name) for name in ("backward", "grad")}

    def counted(function: Callable) -> Callable:
        def call(*args: Any, **kwargs: Any) -> Any:
            backward_calls[0] += 1
            return function(*args, **kwargs)

        return call

    for name, function in originals.items():
        setattr(torch.autograd, name, counted(function))

    def consumed(accumulation: _Accumulation) -> bool:
        return bool(set.intersection(*(reached.get(root, set()) for root in accumulation.roots)))

    def finish() -> None:
        for name, function in originals.items():
            setattr(torch.autograd, name, function)
        for key in list(current):
            end(key)
        for accumulation in finished:
            if not consumed(accumulation):
                ctx.events.append(
                    {
                        "oracle": "graph-accumulated",
                        "line": accumulation.line,
                        "stack": accumulation.stack,
                        "name": accumulation.name,
                        "nodes": accumulation.sizes,
                    }
                )

    return finish


def watch_names(ctx: Context) -> Callable[[], None]:
    """Both instruments on one binding watch."""
    import torch

    watch = BindingWatch(ctx, torch.Tensor)
    finishers = [watch_rebound_leaves(ctx, watch), watch_accumulated_graphs(ctx, watch)]

    def finish() -> None:
        ctx.frame_hooks.remove(watch._on_event)
        for finisher in finishers:
            finisher()

    return finish
