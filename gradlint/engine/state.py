"""Flow state: what is known at one program point, and how two paths merge."""

from __future__ import annotations

from gradlint.engine import gradmode
from gradlint.engine.values import UNKNOWN, Value, join


class State:
    """``env`` maps a name or a dotted path (``self.weight``) to its value; ``grad`` is
    the grad mode; ``dead`` marks code after ``return``/``raise``/``break``/``continue``,
    which does not take part in joins."""

    __slots__ = ("env", "grad", "dead")

    def __init__(self, env: dict[str, Value], grad: str, dead: bool = False) -> None:
        self.env = env
        self.grad = grad
        self.dead = dead

    def copy(self) -> State:
        return State(dict(self.env), self.grad, self.dead)

    def join(self, other: State) -> State:
        if self.dead:
            return other.copy()
        if other.dead:
            return self.copy()
        mine, theirs = self.env, other.env
        env: dict[str, Value] = {}
        for key, a in mine.items():
            b = theirs.get(key)
            env[key] = a if a is b else (UNKNOWN if b is None else join(a, b))
        for key in theirs.keys() - mine.keys():
            env[key] = UNKNOWN
        return State(env, gradmode.join(self.grad, other.grad))

    def forget(self, paths: set[str]) -> None:
        """Make every path in ``paths`` (and what hangs off it) unknown."""
        if not paths:
            return
        env = self.env
        prefixes = tuple(path + "." for path in paths)
        for key in list(env):
            if key.startswith(prefixes):
                env[key] = UNKNOWN
        for path in paths:
            env[path] = UNKNOWN
