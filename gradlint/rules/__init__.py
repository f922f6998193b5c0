"""The rule catalogue: one module per rule, each class's docstring its documentation."""

from __future__ import annotations

from typing import Dict, Tuple, Type

from gradlint.rule import Rule
from gradlint.rules.accumulation_discarded import AccumulationDiscarded
from gradlint.rules.backward_twice import BackwardTwice
from gradlint.rules.backward_without_graph import BackwardWithoutGraph
from gradlint.rules.inplace_on_leaf import InplaceOnLeaf
from gradlint.rules.leaf_moved_after_requires_grad import LeafMovedAfterRequiresGrad
from gradlint.rules.leaf_rebound import LeafRebound
from gradlint.rules.loss_accumulated_with_graph import LossAccumulatedWithGraph
from gradlint.rules.missing_zero_grad import MissingZeroGrad
from gradlint.rules.no_grad_not_entered import NoGradNotEntered
from gradlint.rules.nonleaf_grad import NonleafGrad
from gradlint.rules.numpy_on_grad_tensor import NumpyOnGradTensor
from gradlint.rules.parse_error import ParseError
from gradlint.rules.requires_grad_on_integer import RequiresGradOnInteger
from gradlint.rules.saved_tensor_mutated import SavedTensorMutated
from gradlint.rules.tensor_copy_cuts_graph import TensorCopyCutsGraph
from gradlint.rules.unused_noqa import UnusedNoqa
from gradlint.rules.zero_grad_before_step import ZeroGradBeforeStep

#: every rule, in code order; GL001 is reported by the engine itself
ALL_RULES: Tuple[Type[Rule], ...] = (
    ParseError,
    UnusedNoqa,
    InplaceOnLeaf,
    SavedTensorMutated,
    MissingZeroGrad,
    ZeroGradBeforeStep,
    NonleafGrad,
    LeafRebound,
    NoGradNotEntered,
    BackwardTwice,
    LossAccumulatedWithGraph,
    NumpyOnGradTensor,
    LeafMovedAfterRequiresGrad,
    RequiresGradOnInteger,
    AccumulationDiscarded,
    BackwardWithoutGraph,
    TensorCopyCutsGraph,
)
#: the rules that analyse code (everything but GL001)
CHECKS: Tuple[Type[Rule], ...] = tuple(r for r in ALL_RULES if r is not ParseError)
BY_CODE: Dict[str, Type[Rule]] = {rule.code: rule for rule in ALL_RULES}
