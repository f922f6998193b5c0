"""Settings: ``[tool.gradlint]`` in the nearest pyproject.toml, then the command line.

Rule selection follows Ruff: each layer (the config file, then the command line) may
``select`` (replacing what came before), ``extend-select`` and ``ignore``; within a
layer the most specific selector wins and, between equally specific ones, ``ignore``.
Selectors are codes, prefixes of codes (``GL1``) or ``ALL``.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gradlint.rule import Rule
from gradlint.rules import ALL_RULES, CHECKS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "__pycache__",
    "build",
    "dist",
    ".tox",
    ".nox",
    "node_modules",
    "site-packages",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".eggs",
)
OUTPUT_FORMATS = ("concise", "full", "grouped", "json", "json-lines", "github", "pylint", "sarif")


class ConfigError(Exception):
    """A one-line message naming the file and key at fault."""


@dataclass(frozen=True)
class Selection:
    """One layer of rule selection."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass
class Settings:
    root: Path = field(default_factory=Path.cwd)  # where relative patterns are anchored
    config_file: Path | None = None
    layers: list[Selection] = field(default_factory=list)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    force_exclude: bool = False
    output_format: str = "concise"

    def enabled_codes(self) -> frozenset[str]:
        enabled = {rule.code for rule in CHECKS if rule.default_enabled}
        for layer in self.layers:
            enabled = _apply(layer, enabled)
        return frozenset(enabled)

    def rules_for(self, path: str, enabled: frozenset[str]) -> list[type[Rule]]:
        """The rules to run on ``path``: the enabled ones minus its per-file ignores."""
        ignored: set = set()
        if self.per_file_ignores:
            candidates = _match_candidates(path, self.root)
            for pattern, selectors in self.per_file_ignores.items():
                if any(fnmatch.fnmatchcase(c, pattern) for c in candidates):
                    for selector in selectors:
                        ignored.update(_codes(selector))
        return [rule for rule in CHECKS if rule.code in enabled and rule.code not in ignored]

    @property
    def all_excludes(self) -> tuple[str, ...]:
        return self.exclude + self.extend_exclude

    def is_excluded(self, path: str) -> bool:
        patterns = self.all_excludes
        if not patterns:
            return False
        return any(fnmatch.fnmatchcase(c, p) for c in _match_candidates(path, self.root) for p in patterns)


def _match_candidates(path: str, root: Path) -> list[str]:
    """The spellings a glob is matched against: the base name, the path relative to the
    project root, and the absolute path, all with forward slashes."""
    absolute = Path(os.path.abspath(path))
    candidates = [absolute.name, absolute.as_posix()]
    try:
        candidates.append(absolute.relative_to(root.resolve()).as_posix())
    except ValueError:
        pass
    return candidates


def _codes(selector: str) -> list[str]:
    if selector == "ALL":
        return [rule.code for rule in ALL_RULES]
    return [rule.code for rule in ALL_RULES if rule.code.startswith(selector)]


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


def _apply(layer: Selection, enabled: set) -> set:
    result = set() if layer.select is not None else set(enabled)
    steps = [(s, True) for s in (layer.select or ()) + layer.extend_select]
    steps += [(s, False) for s in layer.ignore]
    # least specific first, so that a more specific selector has the last word;
    # at equal specificity ignore comes last
    steps.sort(key=lambda step: (_specificity(step[0]), not step[1]))
    checks = {rule.code for rule in CHECKS}
    for selector, enable in steps:
        for code in _codes(selector):
            if code not in checks:
                continue
            if enable:
                result.add(code)
            else:
                result.discard(code)
    return result


def validate_selector(selector: str, where: str) -> str:
    selector = selector.strip().upper()
    if selector == "ALL" or (selector and _codes(selector)):
        return selector
    raise ConfigError(f"unknown rule selector `{selector}` in {where}")


# ---------------------------------------------------------------------- files


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.gradlint] table, from ``start`` upward."""
    for directory in [start, *start.parents]:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            data = _read_toml(candidate)
            if isinstance(data.get("tool"), dict) and "gradlint" in data["tool"]:
                return candidate
    return None


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_file(path: Path) -> tuple[dict, str]:
    """The gradlint table of a config file and how to name it in messages."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("gradlint", {}) if isinstance(data.get("tool"), dict) else {}
        where = f"[tool.gradlint] of {path}"
    else:
        table, where = data, str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    return table, where


_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "respect-gitignore",
    "force-exclude",
    "output-format",
)


def apply_table(settings: Settings, table: dict, where: str) -> None:
    """Merge a config table into ``settings``; every problem names its key."""
    for key in table:
        if key not in _KEYS:
            hint = f" (did you mean `{key.replace('_', '-')}`?)" if key.replace("_", "-") in _KEYS else ""
            raise ConfigError(f"unknown key `{key}` in {where}{hint}")
    selection = Selection(
        select=_selectors(table, "select", where) if "select" in table else None,
        extend_select=_selectors(table, "extend-select", where),
        ignore=_selectors(table, "ignore", where),
    )
    if selection != Selection():
        settings.layers.append(selection)
    if "per-file-ignores" in table:
        value = table["per-file-ignores"]
        if not isinstance(value, dict):
            raise ConfigError(f"`per-file-ignores` in {where} must be a table of glob = [codes]")
        for pattern, codes in value.items():
            settings.per_file_ignores[pattern] = _selectors(
                {"x": codes}, "x", where, f'per-file-ignores."{pattern}"'
            )
    if "exclude" in table:
        settings.exclude = _strings(table, "exclude", where)
    if "extend-exclude" in table:
        settings.extend_exclude = settings.extend_exclude + _strings(table, "extend-exclude", where)
    for key in ("respect-gitignore", "force-exclude"):
        if key in table:
            if not isinstance(table[key], bool):
                raise ConfigError(f"`{key}` in {where} must be true or false")
            setattr(settings, key.replace("-", "_"), table[key])
    if "output-format" in table:
        value = table["output-format"]
        if value not in OUTPUT_FORMATS:
            raise ConfigError(f"`output-format` in {where} must be one of {', '.join(OUTPUT_FORMATS)}")
        settings.output_format = value


def _strings(table: dict, key: str, where: str, label: str | None = None) -> tuple[str, ...]:
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"`{label or key}` in {where} must be a list of strings")
    return tuple(value)


def _selectors(table: dict, key: str, where: str, label: str | None = None) -> tuple[str, ...]:
    if key not in table:
        return ()
    values = _strings(table, key, where, label)
    return tuple(validate_selector(v, f"`{label or key}` in {where}") for v in values)


def split_list(values: Iterable[str] | None) -> list[str]:
    """Comma-separated command-line values, possibly given several times."""
    found: list[str] = []
    for value in values or ():
        found.extend(part.strip() for part in value.split(",") if part.strip())
    return found


def parse_per_file_ignores(values: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """``--per-file-ignores 'tests/*:GL101,GL102'`` (flake8's spelling), repeatable."""
    result: dict[str, tuple[str, ...]] = {}
    for value in values:
        for entry in value.split():
            pattern, sep, codes = entry.rpartition(":")
            if not sep or not pattern:
                raise ConfigError(f"`--per-file-ignores` entry `{entry}` must look like GLOB:CODE[,CODE]")
            result[pattern] = tuple(
                validate_selector(code, "`--per-file-ignores`") for code in codes.split(",") if code
            )
    return result
