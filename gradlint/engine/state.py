"""Flow state: what is known at one program point, and how paths merge.

Branches are walked on one state with a journal of what they change: a branch's
changes are taken back out (:meth:`State.rollback`) and the branches' changes are
merged at the join (:meth:`State.merge`). Merging costs what the branches changed,
not the size of the state, so a module of ten thousand statements and as many
``if``s is walked in linear time.
"""

from __future__ import annotations

from dataclasses import dataclass

from gradlint.engine import gradmode
from gradlint.engine.values import UNKNOWN, Value, join

_MISSING: Value = Value()


@dataclass
class Delta:
    """What one path changed since a checkpoint: new values (``_MISSING``: unbound),
    the grad mode at its end, and whether it ended (return, raise, break...)."""

    values: dict[str, Value]
    grad: str
    dead: bool


class State:
    """``env`` maps a name or a dotted path (``self.weight``) to its value; ``grad`` is
    the grad mode; ``dead`` marks code after ``return``/``raise``/``break``/``continue``,
    which does not take part in merges."""

    __slots__ = ("env", "_paths", "_below", "grad", "dead", "_journals", "_versions", "_clock")

    def __init__(self, grad: str) -> None:
        self.env: dict[str, Value] = {}
        self._paths: dict[str, set[str]] = {}  # root name -> dotted paths under it
        self.grad = grad
        self.dead = False
        self._journals: list[tuple[dict[str, Value], str, bool]] = []
        self._versions: dict[str, int] = {}  # path -> when it was last bound
        self._below: dict[str, set[str]] = {}  # path -> the bound paths hanging off it
        self._clock = 0

    # ------------------------------------------------------------------ reading

    def version(self, path: str) -> int:
        """When ``path`` (or what it hangs off) was last bound: equal versions, the same
        binding (branches rolled back keep their bumps: a conservative answer)."""
        version = self._versions.get(path, 0)
        root = _root(path)
        if root != path:
            version = max(version, self._versions.get(root, 0))
        return version

    def get(self, path: str) -> Value | None:
        found = self.env.get(path)
        return found

    def items(self) -> list[tuple[str, Value]]:
        return list(self.env.items())

    def paths_under(self, root: str) -> list[str]:
        return sorted(self._paths.get(root, ()))

    # ------------------------------------------------------------------ writing

    def _set(self, path: str, value: Value) -> None:
        if self._journals:
            journal = self._journals[-1][0]
            if path not in journal:
                journal[path] = self.env.get(path, _MISSING)
        root = _root(path)
        if value is _MISSING:
            if self.env.pop(path, _MISSING) is not _MISSING and root != path:
                under = self._paths.get(root)
                if under is not None:
                    under.discard(path)
                for prefix in _prefixes(path):
                    below = self._below.get(prefix)
                    if below is not None:
                        below.discard(path)
            return
        if root != path and path not in self.env:
            self._paths.setdefault(root, set()).add(path)
            for prefix in _prefixes(path):
                self._below.setdefault(prefix, set()).add(path)
        self.env[path] = value

    def bind(self, path: str, value: Value) -> None:
        """Bind ``path``; what hung off it (``path.x``, ``path[i]``) is forgotten."""
        self._clock += 1
        self._versions[path] = self._clock
        self._set(path, value)
        below = self._below.get(path)
        if below:
            for key in list(below):
                self._set(key, _MISSING)

    def replace_value(self, old: Value, new: Value) -> None:
        """Every path bound to ``old`` (the very object) now holds ``new``."""
        for key, value in list(self.env.items()):
            if value is old:
                self._set(key, new)

    def forget(self, paths: set[str]) -> None:
        """Make every path in ``paths`` (and what hangs off it) unknown."""
        for path in paths:
            self.bind(path, UNKNOWN)

    def set_grad(self, mode: str) -> None:
        self.grad = mode

    # ------------------------------------------------------------------ branches

    def checkpoint(self) -> int:
        """Start recording changes; returns the depth to roll back to."""
        self._journals.append(({}, self.grad, self.dead))
        return len(self._journals)

    def rollback(self, mark: int) -> Delta:
        """Undo every change since :meth:`checkpoint` returned ``mark`` and return them."""
        assert len(self._journals) == mark, "unbalanced checkpoints"
        journal, grad, dead = self._journals.pop()
        changed = {path: self.env.get(path, _MISSING) for path in journal}
        delta = Delta(changed, self.grad, self.dead)
        for path, old in journal.items():
            self._set(path, old)
        self.grad, self.dead = grad, dead
        return delta

    def merge(self, deltas: list[Delta]) -> None:
        """Apply the join of several paths' changes (each relative to the current state)."""
        live = [d for d in deltas if not d.dead]
        if not live:
            self.dead = True
            if deltas:
                self.grad = deltas[0].grad
            return
        keys: dict[str, None] = {}
        for delta in live:
            keys.update(dict.fromkeys(delta.values))
        for key in keys:
            base = self.env.get(key, _MISSING)
            values = [d.values.get(key, base) for d in live]
            merged = values[0]
            for other in values[1:]:
                if merged is _MISSING or other is _MISSING:
                    merged = UNKNOWN if merged is not other else _MISSING
                else:
                    merged = join(merged, other)
            if merged is not base:
                self._set(key, merged)
        grad = live[0].grad
        for delta in live[1:]:
            grad = gradmode.join(grad, delta.grad)
        self.grad = grad
        self.dead = False


MISSING = _MISSING


def _root(path: str) -> str:
    """The name a path starts from: ``x`` of ``x.fc.weight`` and of ``x[i].bias``."""
    end = len(path)
    for mark in (".", "["):
        found = path.find(mark)
        if found != -1:
            end = min(end, found)
    return path[:end]


def _prefixes(path: str) -> list[str]:
    """The paths ``path`` hangs off: ``x``, ``x.fc`` and ``x.fc[0]`` for ``x.fc[0].weight``."""
    found = []
    for index, char in enumerate(path):
        if char in ".[" and index:
            found.append(path[:index])
    return found
