"""Output formats. Each takes plain findings and returns text; nothing here analyses."""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Callable

from gradlint import __version__
from gradlint.diagnostics import Finding, Fix
from gradlint.rules import BY_CODE

TEXT_FORMATS = ("concise", "full", "grouped")


def display_path(path: str) -> str:
    """Paths under the working directory are shown relative to it, as Ruff does."""
    if path == "-" or not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


def _marker(finding: Finding, unsafe: bool) -> str:
    fix = finding.fix
    if fix is not None and (fix.applicability == "safe" or unsafe):
        return "[*] "
    return ""


def concise(findings: Sequence[Finding], sources: Mapping[str, str], unsafe: bool) -> str:
    return "".join(
        f"{display_path(f.path)}:{f.start.line}:{f.start.column}: {f.code} {_marker(f, unsafe)}{f.message}\n"
        for f in findings
    )


def full(findings: Sequence[Finding], sources: Mapping[str, str], unsafe: bool) -> str:
    """Concise lines, each followed by the source line and a caret under the span."""
    out: list[str] = []
    for f in findings:
        out.append(
            f"{display_path(f.path)}:{f.start.line}:{f.start.column}: {f.code} {_marker(f, unsafe)}{f.message}\n"
        )
        lines = sources.get(f.path, "").splitlines()
        if 0 < f.start.line <= len(lines):
            text = lines[f.start.line - 1]
            width = (
                (f.end.column - f.start.column)
                if f.end.line == f.start.line
                else len(text) - f.start.column + 1
            )
            gutter = f"{f.start.line} | "
            out.append(f"{gutter}{text}\n")
            out.append(" " * (len(gutter) + f.start.column - 1) + "^" * max(width, 1) + "\n")
        if f.fix is not None:
            label = "Fix" if f.fix.applicability == "safe" else "Unsafe fix"
            out.append(f"  = help: {label}: {f.fix.message}\n")
        out.append("\n")
    return "".join(out)


def grouped(findings: Sequence[Finding], sources: Mapping[str, str], unsafe: bool) -> str:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_path[f.path].append(f)
    out: list[str] = []
    for path, items in by_path.items():
        out.append(f"{display_path(path)}:\n")
        for f in items:
            out.append(f"  {f.start.line}:{f.start.column} {f.code} {_marker(f, unsafe)}{f.message}\n")
        out.append("\n")
    return "".join(out)


def pylint(findings: Sequence[Finding], sources: Mapping[str, str], unsafe: bool) -> str:
    return "".join(f"{display_path(f.path)}:{f.start.line}: [{f.code}] {f.message}\n" for f in findings)


def _absolute(path: str) -> str:
    return path if path == "-" else os.path.abspath(path)


def _location(line: int, column: int) -> dict[str, int]:
    return {"row": line, "column": column}


def _fix_json(fix: Fix) -> dict[str, object]:
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {
                "content": e.content,
                "location": _location(e.start.line, e.start.column),
                "end_location": _location(e.end.line, e.end.column),
            }
            for e in fix.edits
        ],
    }


def _json_item(f: Finding) -> dict[str, object]:
    return {
        "code": f.code,
        "message": f.message,
        "filename": _absolute(f.path),
        "location": _location(f.start.line, f.start.column),
        "end_location": _location(f.end.line, f.end.column),
        "fix": _fix_json(f.fix) if f.fix is not None else None,
        "noqa_row": f.start.line,
        "url": None,
        "cell": None,
    }


def json_array(findings: Sequence[Finding], sources: Mapping[str, str], unsafe: bool) -> str:
    return json.dumps([_json_item(f) for f in findings], indent=2, sort_keys=True) + "\n"


def json_lines(findings: Sequence[Finding], sources: Mapping[str, str], unsafe: bool) -> str:
    return "".join(json.dumps(_json_item(f), sort_keys=True) + "\n" for f in findings)


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github(findings: Sequence[Finding], sources: Mapping[str, str], unsafe: bool) -> str:
    out = []
    for f in findings:
        props = (
            f"title={_github_escape(f'gradlint ({f.code})', True)},file={_github_escape(_absolute(f.path), True)},"
            f"line={f.start.line},col={f.start.column},endLine={f.end.line},endColumn={f.end.column}"
        )
        text = f"{display_path(f.path)}:{f.start.line}:{f.start.column}: {f.code} {f.message}"
        out.append(f"::error {props}::{_github_escape(text)}\n")
    return "".join(out)


def sarif(findings: Sequence[Finding], sources: Mapping[str, str], unsafe: bool) -> str:
    rules = []
    for code in sorted(BY_CODE):
        rule = BY_CODE[code]
        rules.append(
            {
                "id": code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary()},
                "fullDescription": {"text": rule.documentation()},
                "help": {"text": rule.documentation(), "markdown": rule.documentation()},
                "properties": {"tags": ["autograd"]},
            }
        )
    results = []
    for f in findings:
        results.append(
            {
                "ruleId": f.code,
                "level": "error",
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": Path(_absolute(f.path)).as_uri() if f.path != "-" else "stdin"
                            },
                            "region": {
                                "startLine": f.start.line,
                                "startColumn": f.start.column,
                                "endLine": f.end.line,
                                "endColumn": f.end.column,
                            },
                        }
                    }
                ],
            }
        )
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gradlint",
                        "version": __version__,
                        "informationUri": "https://github.com/gradlint/gradlint",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"


FORMATTERS: dict[str, Callable[[Sequence[Finding], Mapping[str, str], bool], str]] = {
    "concise": concise,
    "full": full,
    "grouped": grouped,
    "json": json_array,
    "json-lines": json_lines,
    "github": github,
    "pylint": pylint,
    "sarif": sarif,
}


def summary(findings: Sequence[Finding], fixed: int, unsafe: bool, fix_mode: bool) -> str:
    """Ruff's closing lines: counts, and what ``--fix`` could do."""
    remaining = len(findings)
    if remaining == 0 and fixed == 0:
        return "All checks passed!\n"
    noun = "error" if remaining + fixed == 1 else "errors"
    if fixed:
        line = f"Found {remaining + fixed} {noun} ({fixed} fixed, {remaining} remaining).\n"
    else:
        line = f"Found {remaining} {noun}.\n"
    safe = sum(1 for f in findings if f.fix is not None and (f.fix.applicability == "safe" or unsafe))
    hidden = sum(1 for f in findings if f.fix is not None and f.fix.applicability != "safe" and not unsafe)
    hint = f"{hidden} hidden fix{'es' if hidden != 1 else ''} can be enabled with the `--unsafe-fixes` option"
    if safe and not fix_mode:
        line += f"[*] {safe} fixable with the `--fix` option" + (f" ({hint}).\n" if hidden else ".\n")
    elif hidden:
        line += f"No fixes available ({hint}).\n"
    return line


def statistics(findings: Sequence[Finding]) -> str:
    counts = Counter(f.code for f in findings)
    fixable = Counter(f.code for f in findings if f.fix is not None)
    out = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        name = BY_CODE[code].name if code in BY_CODE else ""
        marker = "[*]" if fixable[code] else "[ ]"
        out.append(f"{count:5d}\t{code}\t{marker} {name}\n")
    return "".join(out)
