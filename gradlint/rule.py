"""The base class of every rule.

A rule is a small class in its own module under ``gradlint/rules/``. Its docstring is
its documentation (``gradlint rule CODE`` prints it; the README's table is made from
it), with the sections What it does / Why is this bad? / Example / Use instead /
Runtime behaviour / Fix safety. Its fixtures live in ``rules/<CODE>-<name>/``.

A rule runs after the engine has analysed the file: :meth:`Rule.check` reads the
engine's events and facts through ``self.facts`` (:class:`gradlint.engine.facts.Facts`)
and calls :meth:`Rule.report`. Rules keep no engine state of their own.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Callable, ClassVar, Union

import libcst as cst

if TYPE_CHECKING:
    from gradlint.engine.facts import Facts
    from gradlint.engine.fixes import FixPlan
    from gradlint.oracles import Oracle

#: a finding's message: text, or a function of "line of this node" (positions are
#: computed only for files with findings)
Message = Union[str, Callable[[Callable[[cst.CSTNode], int]], str]]


class PendingFinding:
    """A finding before positions are known: the node to report at."""

    __slots__ = ("code", "node", "message", "fix")

    def __init__(self, code: str, node: cst.CSTNode, message: Message, fix: object) -> None:
        self.code = code
        self.node = node
        self.message = message
        self.fix = fix  # a FixPlan, or None


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
    oracle: ClassVar[Oracle | tuple[Oracle, ...] | None] = None

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.findings: list[PendingFinding] = []

    def check(self) -> None:
        """Look at the file's facts and :meth:`report` what is wrong."""

    def report(self, node: cst.CSTNode, message: Message, fix: FixPlan | None = None) -> None:
        self.findings.append(PendingFinding(self.code, node, message, fix))

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.documentation().split("\n\n", 1)[0].replace("\n", " ").strip()
