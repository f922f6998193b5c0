"""``.gitignore`` matching, as git does it, without git.

Supported: comments, ``!`` negation, trailing ``/`` (directories only), patterns with a
slash anchored to the ``.gitignore``'s folder, ``*``, ``?``, ``[...]`` and ``**``.
The last matching pattern decides; a deeper ``.gitignore`` overrides a shallower one.
"""

from __future__ import annotations

import re
from pathlib import Path
from re import Pattern


def _translate(glob: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("/.*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = glob.find("]", i + 2)
            if end == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = glob[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end + 1
        elif c == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; False where we may not look (``Path.exists`` raises then)."""
    try:
        return path.exists()
    except OSError:
        return False


class IgnoreFile:
    """The patterns of one ignore file, relative to the folder ``base``."""

    def __init__(self, base: Path, lines: list[str]) -> None:
        self.base = base
        self.patterns: list[tuple[Pattern[str], bool, bool]] = []  # regex, negated, dirs only
        for raw in lines:
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            if not line.endswith("\\ "):
                line = line.rstrip(" ")
            negated = line.startswith("!")
            if negated:
                line = line[1:]
            if line.startswith(("\\!", "\\#")):
                line = line[1:]
            dirs_only = line.endswith("/")
            line = line.rstrip("/")
            if not line:
                continue
            anchored = "/" in line
            line = line.lstrip("/")
            prefix = "^" if anchored else "^(?:.*/)?"
            self.patterns.append((re.compile(prefix + _translate(line) + "$"), negated, dirs_only))

    @classmethod
    def read(cls, path: Path) -> IgnoreFile | None:
        """The ignore file at ``path``; None if there is none, or none we may read (a
        folder we may not list is reported by the walk, which skips it)."""
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return cls(path.parent, text.splitlines())

    def decide(self, path: Path, is_dir: bool) -> bool | None:
        """True if ignored, False if re-included by ``!``, None if no pattern matches."""
        try:
            relative = path.relative_to(self.base).as_posix()
        except ValueError:
            return None
        verdict = None
        for regex, negated, dirs_only in self.patterns:
            if dirs_only and not is_dir:
                continue
            if regex.match(relative):
                verdict = not negated
        return verdict


class GitIgnore:
    """The ignore files that apply to a folder: its own and its ancestors' up to the
    repository root (the folder holding ``.git``), plus ``.git/info/exclude``."""

    def __init__(self, files: list[IgnoreFile]) -> None:
        self.files = files  # outermost first

    @classmethod
    def for_directory(cls, directory: Path) -> GitIgnore:
        directory = directory.resolve()
        chain: list[Path] = []
        for folder in [directory, *directory.parents]:
            chain.append(folder)
            if _exists(folder / ".git"):
                break
        else:
            chain = [directory]  # not a repository: only the folder's own file
        files: list[IgnoreFile] = []
        root = chain[-1]
        exclude = IgnoreFile.read(root / ".git" / "info" / "exclude") if _exists(root / ".git") else None
        if exclude is not None:
            exclude.base = root
            files.append(exclude)
        for folder in reversed(chain):
            found = IgnoreFile.read(folder / ".gitignore")
            if found is not None:
                files.append(found)
        return cls(files)

    def child(self, directory: Path) -> GitIgnore:
        """The rules inside ``directory``, a subfolder of this one."""
        found = IgnoreFile.read(directory / ".gitignore")
        return GitIgnore(self.files + [found]) if found is not None else self

    def ignored(self, path: Path, is_dir: bool) -> bool:
        verdict = False
        for file in self.files:
            decided = file.decide(path, is_dir)
            if decided is not None:
                verdict = decided
        return verdict
