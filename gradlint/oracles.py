"""How the runtime harness recognises each rule's symptom, declared as plain data.

A rule sets ``oracle`` to one of these (or a tuple: a finding is confirmed when any of
them observes the symptom at its line). The harness (``gradlint.verify``, which needs
torch) implements them; the linter only carries the declarations, so it never imports
torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class ExceptionAtLine:
    """The fixture raises an exception of one of ``types`` whose message matches
    ``pattern`` (a regular expression), and the innermost frame of the fixture file in
    its traceback is at the flagged line."""

    types: tuple[str, ...]
    pattern: str


@dataclass(frozen=True)
class GradModeObjectNotEntered:
    """A ``torch.no_grad()`` / ``enable_grad()`` / ``inference_mode()`` object is made at
    the flagged line and never entered nor used as a decorator, and the grad mode after
    that line is the one it had before (so the next statement still records a graph)."""


@dataclass(frozen=True)
class SavedTensorMutated:
    """``backward()`` raises "modified by an inplace operation", and a traced rerun shows
    a tensor saved for backward whose version changed at the flagged line."""


@dataclass(frozen=True)
class StaleGradients:
    """At an optimizer step, ``p.grad`` differs from the gradients that flowed in since
    the previous step. ``at`` is ``"step"`` (reported at the ``step()`` line) or
    ``"clear"`` (reported at the line after which fresh gradients were cleared).

    A clearing is a write to ``p.grad`` that leaves it None or all zeros
    (``zero_grad()``, ``p.grad = None``, ``p.grad.zero_()``, ``fill_(0)``, ``mul_(0)``),
    never a gradient that happens to be zero; any other write without a backward (such
    as ``p.grad.fill_(0.01)``) sets the gradients, and what it leaves is what the step
    must see."""

    at: str = "step"


@dataclass(frozen=True)
class GradientsDiscarded:
    """The flagged line clears (as ``StaleGradients`` means it) gradients that a
    ``backward()`` call added since the optimizer's last step: outside a step (an LBFGS
    closure clears inside one), while they were finite and not all zero, and before any
    clipping or unscaling looked at them (a deliberate skip looks first). The same
    ``backward()`` call (the same line, called from the same fixture lines) then adds
    gradients again, and nothing writes ``p.grad`` before that optimizer's next step: the
    step sees the later micro-batches without the cleared ones."""


@dataclass(frozen=True)
class LeafCopyUsedAsLeaf:
    """A conversion called at the flagged line (``.to(...)``, ``.cuda()``, ``.double()``,
    ``.half()``, ``.type(...)``...) turned a leaf that requires grad into a non-leaf copy,
    and the run then used that copy as if it were the leaf: an optimizer was handed it
    (and refused it), its ``.grad`` was read (torch's non-leaf ``.grad`` warning; the
    value is None), or it was stored as an ``nn.Module`` attribute (a plain tensor, so
    not among the module's parameters) while backward filled the ``.grad`` of the leaf
    behind it and nothing ever read that gradient nor gave the leaf to an optimizer."""


@dataclass(frozen=True)
class GraphCut:
    """``torch.tensor(...)`` or ``Tensor.new_tensor(...)`` called at the flagged line
    copied a tensor that requires grad (alone or inside a list or tuple) into a new
    leaf, so no gradient of the result can reach the tensor it was made from."""


@dataclass(frozen=True)
class WarningAtLine:
    """A warning of one of ``categories`` matching ``pattern`` is issued at the flagged line."""

    categories: tuple[str, ...]
    pattern: str


# -------------------------------------------- non-leaf .grad, names and graphs (GL105, GL106, GL109)


@dataclass(frozen=True)
class NonleafGradRead:
    """torch's UserWarning "The .grad attribute of a Tensor that is not a leaf Tensor is
    being accessed" is issued at the flagged line. The ``TypeError`` or
    ``AttributeError`` of using the ``None`` that ``.grad`` returned, raised at that same
    line, is part of the symptom."""


@dataclass(frozen=True)
class LeafReboundThenUsedAsLeaf:
    """At the flagged line, a name (or ``self`` attribute) that held a leaf requiring
    grad is rebound to a non-leaf whose graph reaches that leaf (not a view of it, not a
    device or dtype copy), and the run then shows that the code still took it for the
    leaf: a ``NonleafGradRead`` where the rebound tensor's ``.grad`` is read,
    ``ValueError: can't optimize a non-leaf Tensor`` where it is handed to an optimizer,
    or, when the flagged line read the leaf's own ``.grad`` (an update step), the leaf
    never changed afterwards."""


@dataclass(frozen=True)
class GraphAccumulated:
    """At the flagged line, a name (or ``self`` attribute) is extended, three times or
    more in a row, with tensors that have a graph (a running total bound again to a
    result that reaches its previous value, or a list that grows), the number of autograd
    nodes reachable from it grows each time, and no single backward pass ever went
    through all of it (its graph as it was after the last extension)."""


Oracle = Union[
    ExceptionAtLine,
    GradModeObjectNotEntered,
    SavedTensorMutated,
    StaleGradients,
    GradientsDiscarded,
    WarningAtLine,
    NonleafGradRead,
    LeafReboundThenUsedAsLeaf,
    GraphAccumulated,
    LeafCopyUsedAsLeaf,
    GraphCut,
]
