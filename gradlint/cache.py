"""The result cache, as Ruff keeps one: ``.gradlint_cache/`` in the project's root.

A file's findings are stored under its path and served again while three things are
unchanged: the file's bytes (a hash of its content, not its modification time), the
rules that apply to it (its effective settings, per-file ignores included), and
gradlint itself (its version and a hash of its own source files, so that a changed
rule never serves stale results; libcst's and Python's versions too, since they parse).
A notebook's findings are stored as they are printed: with their cell, and lines and
messages counted within it.

Layout: ``<cache dir>/<key of gradlint>/<hash of a folder>.json``, one JSON file per
folder of linted files, written whole (to a temporary file renamed over the old one).
The cache folder holds a ``CACHEDIR.TAG`` and a ``.gitignore`` of ``*``. Results that do
not depend on the bytes alone (a budget overrun, an internal error) are never stored.
JSON, not pickle: a cache folder that came with a download cannot run code.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import libcst

from gradlint import __version__
from gradlint.diagnostics import Edit, Finding, Fix, Location
from gradlint.filecheck import FileResult

NAME = ".gradlint_cache"
ENV_DISABLE = "GRADLINT_NO_CACHE"
ENV_DIRECTORY = "GRADLINT_CACHE_DIR"
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by gradlint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
_STALE_SECONDS = 24 * 3600  # caches of other gradlint builds untouched this long are removed
_PACKAGE = Path(__file__).resolve().parent


def disabled_by_environment() -> bool:
    return os.environ.get(ENV_DISABLE, "").strip().lower() not in ("", "0", "false", "no")


def gradlint_key() -> str:
    """What the results depend on besides the file and its rules: gradlint's version
    and source files, libcst's version, Python's version."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__, _libcst_version(), sys.version):
        digest.update(part.encode() + b"\0")
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json"):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()}"


def _libcst_version() -> str:
    try:
        return importlib.metadata.version("libcst")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a vendored libcst
        return str(Path(libcst.__file__).resolve().parent)


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    def __init__(self, directory: Path, key: str | None = None) -> None:
        self.directory = directory
        self.folder = directory / (key or gradlint_key())
        self._shards: dict[Path, dict[str, list]] = {}  # folder of linted files -> entries
        self._dirty: set[Path] = set()
        self.hits = 0
        self.misses = 0

    # ------------------------------------------------------------------ reading

    def get(self, path: str, data: bytes, codes: Sequence[str]) -> FileResult | None:
        """The stored result for these bytes under these rules, if any."""
        folder, name = _split(path)
        entry = self._shard(folder).get(name)
        if entry is None or entry[0] != content_hash(data) or entry[1] != ",".join(codes):
            self.misses += 1
            return None
        try:
            result = _decode(path, entry[2])
        except (KeyError, TypeError, ValueError, IndexError):  # written by something else: ignore it
            self.misses += 1
            return None
        self.hits += 1
        return result

    def _shard(self, folder: Path) -> dict[str, list]:
        if folder not in self._shards:
            entries: dict[str, list] = {}
            try:
                with open(self._shard_path(folder), encoding="utf-8") as handle:
                    stored = json.load(handle)
                if isinstance(stored, dict) and stored.get("folder") == str(folder):
                    entries = {k: v for k, v in stored.get("entries", {}).items() if isinstance(v, list)}
            except (OSError, ValueError, AttributeError):
                pass
            self._shards[folder] = entries
        return self._shards[folder]

    def _shard_path(self, folder: Path) -> Path:
        name = hashlib.blake2b(str(folder).encode(), digest_size=12).hexdigest()
        return self.folder / f"{name}.json"

    # ------------------------------------------------------------------ writing

    def put(self, path: str, data: bytes, codes: Sequence[str], result: FileResult) -> None:
        folder, name = _split(path)
        self._shard(folder)[name] = [content_hash(data), ",".join(codes), _encode(result)]
        self._dirty.add(folder)

    def save(self) -> str | None:
        """Write what changed; a one-line reason when the cache cannot be written."""
        if not self._dirty:
            return None
        try:
            self._prepare()
            for folder in sorted(self._dirty):
                entries = {
                    name: entry for name, entry in self._shards[folder].items() if (folder / name).exists()
                }
                _write_atomically(
                    self._shard_path(folder), json.dumps({"folder": str(folder), "entries": entries})
                )
        except OSError as exc:
            return f"cannot write the cache in {self.directory}: {exc.strerror or exc}"
        self._dirty.clear()
        return None

    def _prepare(self) -> None:
        """The cache folder with its tag and .gitignore; caches of other gradlint builds
        that nobody used for a day are removed."""
        fresh = not self.folder.is_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", TAG), (".gitignore", "# created by gradlint\n*\n")):
            marker = self.directory / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
        if fresh:
            now = time.time()
            for other in self.directory.iterdir():
                if other.is_dir() and other != self.folder and now - other.stat().st_mtime > _STALE_SECONDS:
                    shutil.rmtree(other, ignore_errors=True)


def _split(path: str) -> tuple[Path, str]:
    absolute = Path(os.path.abspath(path))
    return absolute.parent, absolute.name


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


# ---------------------------------------------------------------------- JSON


def _encode(result: FileResult) -> dict:
    return {
        "findings": [_finding(f) for f in result.findings],
        "warnings": [[where, message] for where, message in result.warnings],
    }


def _finding(f: Finding) -> list:
    fix = None
    if f.fix is not None:
        fix = [
            f.fix.applicability,
            f.fix.message,
            [[e.start.line, e.start.column, e.end.line, e.end.column, e.content] for e in f.fix.edits],
        ]
    return [f.code, f.message, f.start.line, f.start.column, f.end.line, f.end.column, fix, f.cell]


def _decode(path: str, payload: dict) -> FileResult:
    findings = []
    for code, message, line, column, end_line, end_column, fix, cell in payload["findings"]:
        decoded_fix = None
        if fix is not None:
            applicability, fix_message, edits = fix
            decoded_fix = Fix(
                str(applicability),
                str(fix_message),
                tuple(Edit(Location(a, b), Location(c, d), str(content)) for a, b, c, d, content in edits),
            )
        findings.append(
            Finding(
                path,
                str(code),
                str(message),
                Location(int(line), int(column)),
                Location(int(end_line), int(end_column)),
                decoded_fix,
                int(cell) if cell is not None else None,
            )
        )
    warnings = [(str(where), str(message)) for where, message in payload["warnings"]]
    return FileResult(findings=findings, remaining=findings, warnings=warnings)
