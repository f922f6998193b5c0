"""Training-loop facts over one stream's events: what runs with what, in which
iteration, and which zeroing clears the gradients a step uses.

The training rules (GL103, GL104, GL113) ask these questions; the answers rest on the
loops and branches each event carries (``Event.structure``), the conditions of the
branches (``if flag:`` on a flag not rebound in between runs together with another
``if flag:``), and the exits (``continue``, ``break``, ``return``, ``raise``).
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from gradlint.engine.events import Backward, Event, Exit, OptimizerMade, Step, Stream, Zero

ANY = "*"  # a zeroing whose optimizer we cannot tell (model.zero_grad(), p.grad = None)


def training_events(stream: Stream) -> list[Event]:
    """The stream's backward, step, zeroing, exit and optimizer-made events, in order."""
    return [e for e in stream.events if isinstance(e, (Backward, Step, Zero, Exit, OptimizerMade))]


def pairs(zero: Zero | Step, step: Step) -> bool:
    """Whether ``zero`` clears the gradients ``step`` uses: the same optimizer, an
    optimizer over the same parameters, or a zeroing we cannot tie to one optimizer.
    Given a step for ``zero``: whether the two steps update the same gradients."""
    if zero.key == ANY or zero.key == step.key:
        return True
    return bool(zero.params and step.params and zero.params & step.params)


def _condition(frame: tuple) -> tuple | None:
    return frame[3] if frame[0] == "branch" and len(frame) > 3 else None


def implied(outer: Sequence[tuple], inner: Sequence[tuple]) -> bool:
    """Whether code under the frames ``outer`` runs whenever code under ``inner`` runs:
    every frame of ``outer`` is one of ``inner``'s, a branch on the same flag, not
    rebound in between, taken the same way, or a loop (taken to run at least once)."""
    conditions = {_condition(frame) for frame in inner} - {None}
    return all(frame in inner or frame[0] == "loop" or (_condition(frame) in conditions) for frame in outer)


def exclusive(a: Event, b: Event) -> bool:
    """Never both in one run: different branches of one if / try / match, or branches
    on one flag (not rebound in between) taken opposite ways."""
    branches = {frame[1]: frame[2] for frame in a.structure if frame[0] == "branch"}
    if any(frame[0] == "branch" and branches.get(frame[1], frame[2]) != frame[2] for frame in b.structure):
        return True
    held = {c[:2]: c[2] for c in map(_condition, a.structure) if c is not None}
    return any(c is not None and held.get(c[:2], c[2]) != c[2] for c in map(_condition, b.structure))


def same_iteration(a: Event, b: Event) -> bool:
    """In the same innermost loop (or both outside any loop)."""
    return a.loops[-1:] == b.loops[-1:]


def ends_after(events: Sequence[Event], index: int, until: int | None = None) -> bool:
    """Whether the code after ``events[index]`` leaves its block before ``until``: a
    ``continue``, ``break``, ``return`` or ``raise`` in a block around it that runs
    whenever it runs (so what comes later in the iteration does not run after it)."""
    event = events[index]
    for later in events[index + 1 : until]:
        if isinstance(later, Exit) and event.structure[: len(later.structure)] == later.structure:
            return True
    return False


def made_in(events: Sequence[Event], key: str, loop: tuple) -> bool:
    """Whether the optimizer ``key`` is made anew in the loop ``loop``."""
    return any(isinstance(e, OptimizerMade) and e.path == key and loop in e.structure for e in events)


def training_loop(step: Step, backwards: Sequence[Backward]) -> tuple | None:
    """The innermost loop around ``step`` that also runs a backward."""
    for loop in reversed(step.loops):
        if any(loop in backward.structure for backward in backwards):
            return loop
    return None


def accumulation_guard(step: Step, scope: tuple | None, backwards: Sequence[Backward] = ()) -> tuple | None:
    """The branch (below the loop ``scope``, or anywhere in the function when None) that
    makes ``step`` run on some iterations only, when it reads like accumulation:
    ``if (i + 1) % k == 0:``, ``if step % accum_steps == 0:``, ``if accelerator.sync_gradients:``,
    or Accelerate's ``with accelerator.accumulate(model):`` (a ``"sync"`` frame); also a
    guard on the count the backpropagated loss is divided by (``(loss / tokens_per_step)
    .backward()`` ... ``if seen >= tokens_per_step:``)."""
    frames = step.structure
    start = frames.index(scope) + 1 if scope is not None and scope in frames else 0
    divisors = {name for backward in backwards for name in _divisors(backward)}
    for frame in frames[start:]:
        if frame[0] != "branch":
            continue
        if frame[2] == "sync":
            return frame
        if frame[2] == "body" and isinstance(frame[1], cst.If):
            test = frame[1].test
            if is_accumulation_test(test) or (divisors and divisors & _names(test)):
                return frame
    return None


def is_accumulation_frame(frame: tuple) -> bool:
    """A branch that runs on the last micro-batch of an accumulation window only."""
    if frame[0] != "branch":
        return False
    if frame[2] == "sync":
        return True
    return frame[2] == "body" and isinstance(frame[1], cst.If) and is_accumulation_test(frame[1].test)


def period(frame: tuple) -> str:
    """Which accumulation window a guard counts: the right operand of its ``%`` (so
    ``i % k == 0`` and ``(i + 1) % k == 0`` count the same window), else its text."""
    from gradlint.engine.tree import descendants

    if frame[2] == "sync":
        return "sync"
    test = frame[1].test
    for node in descendants(test):
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
            return _text(node.right)
    return _text(test)


def _text(node: cst.CSTNode) -> str:
    return " ".join(cst.Module([]).code_for_node(node).split())


def _divisors(backward: Backward) -> set[str]:
    from gradlint.engine.tree import descendants

    found: set[str] = set()
    if backward.target is None:
        return found
    for node in descendants(backward.target):
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            found |= _names(node.right)
    return found


def _names(expr: cst.BaseExpression) -> set[str]:
    from gradlint.engine.tree import descendants

    found = set()
    for node in descendants(expr):
        if isinstance(node, cst.Name):
            found.add(node.value)
        elif isinstance(node, cst.Attribute):
            found.add(node.attr.value)
    return found - {"self"}


_ACCUMULATION_WORDS = ("accum", "sync_gradients", "grad_steps", "micro", "update_freq", "iters_to_accumulate")


def _mode_switch(test: cst.BaseExpression) -> bool:
    """``if args.accum_freq == 1:`` / ``> 1``: whether accumulation is on at all, not
    which micro-batch of a window this is."""
    return (
        isinstance(test, cst.Comparison)
        and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].comparator, cst.Integer)
        and test.comparisons[0].comparator.value in ("0", "1")
        and not any(
            isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo)
            for node in (test.left,)
        )
        and isinstance(test.left, (cst.Name, cst.Attribute))
    )


def is_accumulation_test(test: cst.BaseExpression) -> bool:
    """A test that reads like "the last micro-batch of an accumulation window"."""
    from gradlint.engine.tree import descendants

    if _mode_switch(test):
        return False
    for node in descendants(test):
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
            return True
        if isinstance(node, cst.Name) and any(word in node.value.lower() for word in _ACCUMULATION_WORDS):
            return True
        if isinstance(node, cst.Attribute) and any(
            word in node.attr.value.lower() for word in _ACCUMULATION_WORDS
        ):
            return True
    return False
