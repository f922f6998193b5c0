"""Settings: ``[tool.gradlint]`` in the nearest pyproject.toml, then the command line.

As in Ruff, each file uses the nearest ``pyproject.toml`` with a ``[tool.gradlint]``
table in or above its folder (``--config FILE`` makes one file apply everywhere,
``--isolated`` none); files with no such table above them use the one found from the
working directory. Relative globs are anchored to the folder of the file that holds
them (the working directory for the command line). Command-line settings win over
every file.

Rule selection follows Ruff: each layer (the config file, then the command line) may
``select`` (replacing what came before), ``extend-select`` and ``ignore``; within a
layer the most specific selector wins and, between equally specific ones, ``ignore``.
Selectors are codes, prefixes of codes (``GL1``) or ``ALL``.
"""

from __future__ import annotations

import fnmatch
import json
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

OUTPUT_FORMATS = (
    "concise",
    "full",
    "grouped",
    "json",
    "json-lines",
    "github",
    "pylint",
    "sarif",
    "junit",
    "gitlab",
)


class ConfigError(Exception):
    """A one-line message naming the file and key at fault."""


@dataclass(frozen=True)
class Pattern:
    """A glob, and the folder a relative glob is anchored to (None: matched against
    base names and absolute paths only)."""

    glob: str
    base: Path | None = None


def _absolute(path: str | Path) -> Path:
    return Path(os.path.abspath(path))


def _matches(path: str, patterns: Iterable[Pattern]) -> bool:
    """Whether a glob matches the path's base name, its absolute path, or its path
    relative to the glob's folder (all with forward slashes)."""
    absolute = _absolute(path)
    spellings = (absolute.name, absolute.as_posix())
    relative: dict[Path, str | None] = {}
    for pattern in patterns:
        if any(fnmatch.fnmatchcase(s, pattern.glob) for s in spellings):
            return True
        if pattern.base is None:
            continue
        if pattern.base not in relative:
            try:
                relative[pattern.base] = absolute.relative_to(pattern.base).as_posix()
            except ValueError:
                relative[pattern.base] = None
        spelled = relative[pattern.base]
        if spelled is not None and fnmatch.fnmatchcase(spelled, pattern.glob):
            return True
    return False


DEFAULT_EXCLUDE = tuple(
    Pattern(name)
    for name in (
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
        ".gradlint_cache",
        ".pytest_cache",
        ".eggs",
    )
)


@dataclass(frozen=True)
class Selection:
    """One layer of rule selection."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass
class Settings:
    root: Path = field(default_factory=lambda: _absolute(os.curdir))  # the config's folder
    config_file: Path | None = None
    layers: list[Selection] = field(default_factory=list)
    per_file_ignores: list[tuple[Pattern, tuple[str, ...]]] = field(default_factory=list)
    exclude: tuple[Pattern, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[Pattern, ...] = ()
    respect_gitignore: bool = True
    force_exclude: bool = False
    output_format: str = "concise"

    def enabled_codes(self) -> frozenset[str]:
        enabled = {rule.code for rule in CHECKS if rule.default_enabled}
        for layer in self.layers:
            enabled = _apply(layer, enabled)
        return frozenset(enabled)

    def ignored_codes(self, path: str) -> set[str]:
        """The codes the per-file ignores turn off for ``path``."""
        ignored: set[str] = set()
        for pattern, selectors in self.per_file_ignores:
            if _matches(path, (pattern,)):
                for selector in selectors:
                    ignored.update(_codes(selector))
        return ignored

    def rules_for(self, path: str) -> list[type[Rule]]:
        """The rules to run on ``path``: the enabled ones minus its per-file ignores."""
        enabled = self.enabled_codes()
        ignored = self.ignored_codes(path)
        return [rule for rule in CHECKS if rule.code in enabled and rule.code not in ignored]

    @property
    def all_excludes(self) -> tuple[Pattern, ...]:
        return self.exclude + self.extend_exclude

    def is_excluded(self, path: str) -> bool:
        return _matches(path, self.all_excludes)

    def describe(self, path: str) -> str:
        """``--show-settings``: what applies to ``path`` and where it came from."""

        def globs(patterns: Iterable[Pattern]) -> str:
            return _toml([_anchored(p) for p in patterns])

        lines = [f"Resolved settings for: {_toml(str(_absolute(path)))}"]
        if self.config_file is not None:
            lines.append(f"Settings path: {_toml(str(_absolute(self.config_file)))}")
        lines += [
            "",
            f"root = {_toml(self.root.as_posix())}",
            f"rules = {_toml([rule.code for rule in self.rules_for(path)])}",
            f"enabled = {_toml(sorted(self.enabled_codes()))}",
            f"ignored-here = {_toml(sorted(self.ignored_codes(path) & self.enabled_codes()))}",
            "per-file-ignores = {"
            + ", ".join(f"{_toml(_anchored(p))} = {_toml(list(c))}" for p, c in self.per_file_ignores)
            + "}",
            f"exclude = {globs(self.exclude)}",
            f"extend-exclude = {globs(self.extend_exclude)}",
            f"excluded = {_toml(self.is_excluded(path))}",
            f"respect-gitignore = {_toml(self.respect_gitignore)}",
            f"force-exclude = {_toml(self.force_exclude)}",
            f"output-format = {_toml(self.output_format)}",
        ]
        return "\n".join(lines) + "\n"


def _anchored(pattern: Pattern) -> str:
    """A glob as it is matched: relative globs spelled from their folder."""
    if pattern.base is None or os.path.isabs(pattern.glob):
        return pattern.glob
    return f"{pattern.base.as_posix()}/{pattern.glob}"


def _toml(value: object) -> str:
    """TOML spelling of a string, a bool or a list of strings (JSON's is TOML's here)."""
    return json.dumps(value, ensure_ascii=False)


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


def _has_table(pyproject: Path) -> bool:
    data = _read_toml(pyproject)
    return isinstance(data.get("tool"), dict) and "gradlint" in data["tool"]


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; False inside a folder we may not look into (whose
    files are not linted: the walk reports it)."""
    try:
        return path.is_file()
    except OSError:
        return False


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
    """Merge a config table into ``settings``; every problem names its key. Globs are
    anchored to ``settings.root``, the config file's folder."""
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
        for glob, codes in value.items():
            selectors = _selectors({"x": codes}, "x", where, f'per-file-ignores."{glob}"')
            settings.per_file_ignores.append((Pattern(glob, settings.root), selectors))
    if "exclude" in table:
        settings.exclude = patterns(_strings(table, "exclude", where), settings.root)
    if "extend-exclude" in table:
        extra = patterns(_strings(table, "extend-exclude", where), settings.root)
        settings.extend_exclude = settings.extend_exclude + extra
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


def patterns(globs: Iterable[str], base: Path) -> tuple[Pattern, ...]:
    return tuple(Pattern(glob, base) for glob in globs)


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


def parse_per_file_ignores(values: Sequence[str], base: Path) -> list[tuple[Pattern, tuple[str, ...]]]:
    """``--per-file-ignores 'tests/*:GL101,GL102'`` (flake8's spelling), repeatable."""
    result: list[tuple[Pattern, tuple[str, ...]]] = []
    for value in values:
        for entry in value.split():
            glob, sep, codes = entry.rpartition(":")
            if not sep or not glob:
                raise ConfigError(f"`--per-file-ignores` entry `{entry}` must look like GLOB:CODE[,CODE]")
            selectors = tuple(
                validate_selector(code, "`--per-file-ignores`") for code in codes.split(",") if code
            )
            result.append((Pattern(glob, base), selectors))
    return result


# ---------------------------------------------------------------------- resolution


@dataclass(frozen=True)
class Overrides:
    """What the command line says; it wins over every config file. Its globs are
    anchored to the working directory."""

    selection: Selection = Selection()
    per_file_ignores: tuple[tuple[Pattern, tuple[str, ...]], ...] = ()
    exclude: tuple[Pattern, ...] | None = None
    extend_exclude: tuple[Pattern, ...] = ()
    force_exclude: bool | None = None
    respect_gitignore: bool | None = None
    output_format: str | None = None

    def apply(self, settings: Settings) -> Settings:
        if self.selection != Selection():
            settings.layers.append(self.selection)
        settings.per_file_ignores.extend(self.per_file_ignores)
        if self.exclude is not None:
            settings.exclude = self.exclude
        settings.extend_exclude = settings.extend_exclude + self.extend_exclude
        if self.force_exclude is not None:
            settings.force_exclude = self.force_exclude
        if self.respect_gitignore is not None:
            settings.respect_gitignore = self.respect_gitignore
        if self.output_format is not None:
            settings.output_format = self.output_format
        return settings


class Resolver:
    """The settings for each path: those of the nearest pyproject.toml with a
    ``[tool.gradlint]`` table in or above the path's folder; the working directory's
    (``top``) for paths with none above them; ``--config`` or ``--isolated`` settings
    for every path when given."""

    def __init__(
        self,
        overrides: Overrides = Overrides(),
        config: Path | None = None,
        isolated: bool = False,
        cwd: Path | None = None,
    ) -> None:
        self._overrides = overrides
        self._loaded: dict[Path, Settings] = {}
        self._nearest: dict[Path, Path | None] = {}
        cwd = _absolute(cwd if cwd is not None else os.curdir)
        self.fixed: Settings | None = None
        if isolated:
            self.fixed = overrides.apply(Settings(root=cwd))
        elif config is not None:
            if not config.is_file():
                raise ConfigError(f"--config: {config}: no such file")
            self.fixed = self._settings(_absolute(config))
        if self.fixed is not None:
            self.top = self.fixed
        else:
            found = self._config_for(cwd)
            self.top = self._settings(found) if found else overrides.apply(Settings(root=cwd))

    @classmethod
    def of(cls, settings: Settings) -> Resolver:
        """One set of settings for every path."""
        resolver = cls.__new__(cls)
        resolver.fixed = resolver.top = settings
        return resolver

    def for_directory(self, directory: str | Path) -> Settings:
        if self.fixed is not None:
            return self.fixed
        found = self._config_for(_absolute(directory))
        return self._settings(found) if found else self.top

    def for_path(self, path: str | Path) -> Settings:
        return self.for_directory(_absolute(path).parent)

    def _settings(self, config: Path) -> Settings:
        if config not in self._loaded:
            settings = Settings(root=config.parent, config_file=config)
            table, where = load_file(config)
            apply_table(settings, table, where)
            self._loaded[config] = self._overrides.apply(settings)
        return self._loaded[config]

    def _config_for(self, directory: Path) -> Path | None:
        """The nearest pyproject.toml with our table, in ``directory`` or above it."""
        visited: list[Path] = []
        found: Path | None = None
        for folder in [directory, *directory.parents]:
            if folder in self._nearest:
                found = self._nearest[folder]
                break
            visited.append(folder)
            candidate = folder / "pyproject.toml"
            if _is_file(candidate) and _has_table(candidate):
                found = candidate
                break
        for folder in visited:
            self._nearest[folder] = found
        return found
