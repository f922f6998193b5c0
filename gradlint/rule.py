"""The base class of every rule.

A rule is a small class in its own module under ``gradlint/rules/``. Its docstring is
its documentation (``gradlint rule CODE`` prints it; the README's table is made from
it), with the sections What it does / Why is this bad? / Example / Use instead /
Runtime behaviour / Fix safety. Its fixtures live in ``rules/<CODE>-<name>/``.

Detection is libcst-style ``visit_<Node>`` / ``leave_<Node>`` methods and engine events
(``on_inplace``), all dispatched from the analyzer's single walk; ``self.ctx`` answers
questions about the program point being visited.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

if TYPE_CHECKING:
    from gradlint.engine.analyzer import Analyzer, Message
    from gradlint.engine.fixes import FixPlan
    from gradlint.oracles import Oracle

FIX_NONE = "none"
FIX_SOMETIMES = "sometimes"
FIX_ALWAYS = "always"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    #: the file is skipped (not even parsed) for this rule unless it contains one of
    #: these substrings; empty means every file
    needs: ClassVar[tuple[str, ...]] = ()
    default_enabled: ClassVar[bool] = True
    fix_availability: ClassVar[str] = FIX_NONE
    #: how the runtime harness confirms a finding of this rule (see gradlint/oracles.py)
    oracle: ClassVar[Oracle | None] = None

    def __init__(self, ctx: Analyzer) -> None:
        self.ctx = ctx

    def report(self, node: cst.CSTNode, message: Message, fix: FixPlan | None = None) -> None:
        self.ctx.report(self.code, node, message, fix)

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.documentation().split("\n\n", 1)[0].replace("\n", " ").strip()
