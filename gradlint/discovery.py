"""Which files to lint: the paths given, folders walked for ``.py``, ``.pyi`` and ``.ipynb``.

Each path is judged by the settings that apply to it (see :class:`Resolver`): a folder's
entries by its nearest configuration, so a project's excludes hold when it is linted
from a folder above it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gradlint.config import Resolver, Settings
from gradlint.gitignore import GitIgnore
from gradlint.source import file_kind

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line each: a path we cannot use
    warnings: list[str] = field(default_factory=list)  # one line each: a path skipped, and why


def discover(paths: Sequence[str], settings: Settings | Resolver) -> Discovery:
    """Files named on the command line are linted whatever their suffix, unless
    ``force_exclude`` applies the excludes to them too (pre-commit passes names)."""
    resolver = settings if isinstance(settings, Resolver) else Resolver.of(settings)
    result = Discovery()
    seen = set()

    def add(path: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            result.files.append(path)

    for given in paths:
        if not os.path.lexists(given):
            result.errors.append(f"{given}: no such file or directory")
            continue
        own = resolver.for_path(given)
        if own.force_exclude and named_path_excluded(given, own):
            continue
        if os.path.isdir(given):
            for found in _walk(given, resolver, result):
                add(found)
        elif _regular_or_unreadable(given, result):
            add(given)
    result.files.sort()
    return result


def _regular_or_unreadable(path: str, result: Discovery) -> bool:
    """Whether to lint ``path``: a regular file, or one whose reading will say what is
    wrong (a dangling link, a link loop); a FIFO, a socket or a device is skipped with
    a warning (reading it could wait forever)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True
    if stat.S_ISREG(mode):
        return True
    result.warnings.append(f"{path}: skipped: {file_kind(mode)}, not a regular file")
    return False


def named_path_excluded(path: str, settings: Settings) -> bool:
    """A named path is excluded if it, or a folder above it up to the settings' root,
    matches an exclude, or if .gitignore skips it."""
    absolute = Path(os.path.abspath(path))
    root = Path(os.path.abspath(settings.root))
    for candidate in [absolute, *absolute.parents]:
        if candidate == candidate.parent:
            break
        if settings.is_excluded(str(candidate)):
            return True
        if candidate == root:
            break
    if settings.respect_gitignore:
        ignore = GitIgnore.for_directory(absolute.parent)
        if ignore.ignored(absolute.resolve(), absolute.is_dir()):
            return True
    return False


def _walk(top: str, resolver: Resolver, result: Discovery) -> list[str]:
    """The source files under ``top``; a folder that cannot be read is an error (its
    files are not linted) and the walk goes on."""
    found: list[str] = []
    respect_gitignore = resolver.for_directory(top).respect_gitignore
    root_ignore = GitIgnore.for_directory(Path(top)) if respect_gitignore else None
    stack = [(top, root_ignore)]
    while stack:
        folder, ignore = stack.pop()
        settings = resolver.for_directory(folder)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            result.errors.append(f"{folder}: cannot read: {exc.strerror or exc}")
            continue
        resolved = Path(folder).resolve()  # as the ignore files' folders are
        for entry in entries:
            path = os.path.join(folder, entry.name) if folder != "." else entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link loop: reading it will say so
                is_dir = False
            if settings.is_excluded(path):
                continue
            if ignore is not None and ignore.ignored(resolved / entry.name, is_dir):
                continue
            if is_dir:
                if entry.is_symlink():
                    continue  # do not follow links into other trees (or loops)
                stack.append((path, ignore.child(resolved / entry.name) if ignore is not None else None))
            elif entry.name.endswith(SOURCE_SUFFIXES) and _regular_or_unreadable(path, result):
                found.append(path)
    return found
