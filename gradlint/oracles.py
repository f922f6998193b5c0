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
    ``"clear"`` (reported at the line after which fresh gradients were cleared)."""

    at: str = "step"


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


Oracle = Union[
    ExceptionAtLine,
    GradModeObjectNotEntered,
    SavedTensorMutated,
    StaleGradients,
    WarningAtLine,
    LeafCopyUsedAsLeaf,
    GraphCut,
]
