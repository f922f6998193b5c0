from __future__ import annotations

import re
from collections.abc import Collection

from gradlint.diagnostics import SAFE, Edit, Finding, Fix, Location
from gradlint.noqa import Directives, Placed
from gradlint.rule import FIX_ALWAYS, Rule
from gradlint.source import physical_lines

_OURS = re.compile(r"GL\d{3}$")


class UnusedNoqa(Rule):
    """A `# noqa: GLxxx` directive that suppresses nothing on its line.

    ## What it does
    Reports the gradlint codes of a line's `# noqa: ...` comment that hide no finding
    there: the finding was fixed or moved, the rule is not enabled for the file, or the
    code is no rule at all. Codes of other tools (`E501`, `F401`) and a bare `# noqa` are
    left alone, as they may serve another linter. Off by default, like Ruff's RUF100;
    enable it with `extend-select = ["GL002"]`. `# noqa: GL002` on the line keeps the
    directive as it is.

    ## Why is this bad?
    A stale suppression hides the next real bug on that line: after a refactor,
    `w -= lr * g  # noqa: GL101` would keep silencing an in-place update on a leaf that
    really does raise. Directives that suppress nothing also make a codebase's
    adoption of gradlint look further along than it is.

    ## Example
    ```python
    with torch.no_grad():
        w -= lr * w.grad  # noqa: GL101
    ```

    ## Use instead
    ```python
    with torch.no_grad():
        w -= lr * w.grad
    ```

    ## Runtime behaviour
    None: a suppression comment. Python ignores comments; only gradlint reads them.

    ## Fix safety
    The fix is safe: it removes the unused codes from the directive, and the directive
    itself when none is left (other comment text on the line stays).
    """

    code = "GL002"
    name = "unused-noqa"
    needs = ("noqa",)
    default_enabled = False
    fix_availability = FIX_ALWAYS

    @classmethod
    def unused(
        cls,
        path: str,
        text: str,
        directives: Directives,
        used: Collection[tuple[int, str]],
        enabled: Collection[str],
    ) -> list[Finding]:
        """A finding for each directive with gradlint codes that suppressed nothing
        (``used``: the (line, code) pairs that did suppress a finding)."""
        from gradlint.rules import BY_CODE  # the catalogue imports this module

        findings = []
        lines = physical_lines(text)
        for line, placed in sorted(directives.placed.items()):
            if cls.code in placed.codes:
                continue
            reasons: dict[str, list[str]] = {}
            for code in placed.codes:
                if not _OURS.match(code) or (line, code) in used:
                    continue
                reason = "unknown" if code not in BY_CODE else "unused" if code in enabled else "not enabled"
                reasons.setdefault(reason, []).append(code)
            if not reasons:
                continue
            stale = {code for codes in reasons.values() for code in codes}
            detail = "; ".join(f"{reason}: {', '.join(codes)}" for reason, codes in reasons.items())
            findings.append(
                Finding(
                    path,
                    cls.code,
                    f"unused `noqa` directive ({detail}); remove the codes that suppress nothing",
                    Location(line, placed.start + 1),
                    Location(line, placed.codes_end + 1),
                    _removal(line, lines[line - 1], placed, stale),
                )
            )
        return findings


def _removal(line: int, text: str, placed: Placed, stale: set[str]) -> Fix:
    """The edit that drops the ``stale`` codes, and the directive when none is left."""
    kept = [code for code in placed.codes if code not in stale]
    if kept:
        start, end, content = placed.codes_start, placed.codes_end, ", ".join(kept)
    elif placed.start == placed.comment and not text[placed.codes_end : placed.comment_end].strip():
        # the comment is the directive alone: remove it and the spaces before it
        start, end, content = len(text[: placed.comment].rstrip()), placed.comment_end, ""
    elif placed.start > placed.comment:
        # `# why # noqa: GL101`: keep the comment before it
        start, end, content = len(text[: placed.start].rstrip()), placed.codes_end, ""
    else:
        # `# noqa: GL101 -- reason`: keep the reason as a comment
        start, end, content = placed.start, placed.codes_end, "#"
    message = "Remove the unused `noqa` directive" if not kept else "Remove the unused codes"
    return Fix(SAFE, message, (Edit(Location(line, start + 1), Location(line, end + 1), content),))
