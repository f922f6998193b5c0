"""Running analysis in a thread with a large stack: deeply nested code recurses deeply
in libcst and in the engine's walk."""

from __future__ import annotations

import sys
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

STACK_BYTES = 512 * 1024 * 1024  # deep expressions recurse deeply in libcst and in our walk
RECURSION_LIMIT = 20000


def with_deep_stack(function: Callable[[], T], restore: bool = False) -> T:
    """``function()``, run in a thread with a large stack and recursion limit (what it
    raises is raised here). The workers analyse in one; so do the language server, the
    Python API and the flake8 plugin. ``restore``: put the interpreter's recursion limit
    back afterwards (a library call must not change its caller's process)."""
    outcome: list[T] = []
    raised: list[BaseException] = []
    limit = sys.getrecursionlimit()

    def target() -> None:
        sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
        try:
            outcome.append(function())
        except BaseException as exc:  # SystemExit too: the caller decides
            raised.append(exc)

    previous = threading.stack_size(STACK_BYTES)
    try:
        thread = threading.Thread(target=target, name="gradlint-analysis", daemon=True)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if restore:
        sys.setrecursionlimit(limit)
    if raised:
        raise raised[0]
    return outcome[0]
