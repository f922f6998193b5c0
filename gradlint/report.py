"""Output formats. Each takes plain findings and returns text; nothing here analyses."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from gradlint import __version__, fixer
from gradlint.catalog import REPOSITORY, rule_url
from gradlint.diagnostics import SAFE, Finding, Fix
from gradlint.rules import BY_CODE
from gradlint.source import physical_lines

TEXT_FORMATS = ("concise", "full", "grouped")
#: formats that need the text of the files with findings (see :func:`source_key`)
NEEDS_SOURCES = ("full", "gitlab")


@dataclass(frozen=True)
class Context:
    """What a format may need besides the findings."""

    sources: Mapping[str, str] = field(default_factory=dict)  # by source_key: texts with findings
    unsafe: bool = False  # --unsafe-fixes: unsafe fixes count as available
    show_fixes: bool = False  # --show-fixes: `full` shows each fix as a diff


def display_path(path: str) -> str:
    """Paths under the working directory are shown relative to it, as Ruff does."""
    if path == "-" or not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


def source_key(path: str, cell: int | None = None) -> str:
    """The key of a finding's text in :attr:`Context.sources`: its file, or its cell."""
    return path if cell is None else f"{path}:cell {cell}"


def _source_of(f: Finding, context: Context) -> str:
    return context.sources.get(source_key(f.path, f.cell), "")


def where(f: Finding) -> str:
    """``line:col``, or ``cell N:line:col`` in a notebook (Ruff's spelling)."""
    cell = f"cell {f.cell}:" if f.cell is not None else ""
    return f"{cell}{f.start.line}:{f.start.column}"


def fixable(finding: Finding, unsafe: bool) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) would apply its fix."""
    fix = finding.fix
    return fix is not None and (fix.applicability == SAFE or unsafe)


def _marker(finding: Finding, unsafe: bool) -> str:
    return "[*] " if fixable(finding, unsafe) else ""


def _line(f: Finding, unsafe: bool) -> str:
    return f"{display_path(f.path)}:{where(f)}: {f.code} {_marker(f, unsafe)}{f.message}\n"


def concise(findings: Sequence[Finding], context: Context) -> str:
    return "".join(_line(f, context.unsafe) for f in findings)


def full(findings: Sequence[Finding], context: Context) -> str:
    """Concise lines, each followed by the source line and a caret under the span."""
    out: list[str] = []
    for f in findings:
        out.append(_line(f, context.unsafe))
        text = _source_of(f, context)
        lines = physical_lines(text)
        if 0 < f.start.line <= len(lines):
            line = lines[f.start.line - 1]
            width = (
                (f.end.column - f.start.column)
                if f.end.line == f.start.line
                else len(line) - f.start.column + 1
            )
            gutter = f"{f.start.line} | "
            out.append(f"{gutter}{line}\n")
            out.append(" " * (len(gutter) + f.start.column - 1) + "^" * max(width, 1) + "\n")
        if f.fix is not None:
            label = "Fix" if f.fix.applicability == SAFE else "Unsafe fix"
            out.append(f"  = help: {label}: {f.fix.message}\n")
            if context.show_fixes and text:
                out.append(_fix_diff(text, f.fix))
        out.append("\n")
    return "".join(out)


def _fix_diff(text: str, fix: Fix) -> str:
    """The lines a fix changes, as a diff with a line of context."""
    fixed, _ = fixer.apply(text, [(fix, ())])
    diff = difflib.unified_diff(physical_lines(text), physical_lines(fixed), n=1, lineterm="")
    body = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
    return "".join(f"    {line}".rstrip() + "\n" for line in body)


def grouped(findings: Sequence[Finding], context: Context) -> str:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_path[f.path].append(f)
    out: list[str] = []
    for path, items in by_path.items():
        out.append(f"{display_path(path)}:\n")
        for f in items:
            out.append(f"  {where(f)} {f.code} {_marker(f, context.unsafe)}{f.message}\n")
        out.append("\n")
    return "".join(out)


def pylint(findings: Sequence[Finding], context: Context) -> str:
    def line(f: Finding) -> str:
        return f"cell {f.cell}:{f.start.line}" if f.cell is not None else str(f.start.line)

    return "".join(f"{display_path(f.path)}:{line(f)}: [{f.code}] {f.message}\n" for f in findings)


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
    """Ruff's fields, with the same meanings."""
    rule = BY_CODE.get(f.code)
    return {
        "code": f.code,
        "name": rule.name if rule is not None else None,
        "message": f.message,
        "severity": "error",
        "filename": _absolute(f.path),
        "location": _location(f.start.line, f.start.column),
        "end_location": _location(f.end.line, f.end.column),
        "fix": _fix_json(f.fix) if f.fix is not None else None,
        "noqa_row": f.start.line,
        "url": rule_url(rule) if rule is not None else None,
        "cell": f.cell,
    }


def json_array(findings: Sequence[Finding], context: Context) -> str:
    return json.dumps([_json_item(f) for f in findings], indent=2, sort_keys=True) + "\n"


def json_lines(findings: Sequence[Finding], context: Context) -> str:
    return "".join(json.dumps(_json_item(f), sort_keys=True) + "\n" for f in findings)


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github(findings: Sequence[Finding], context: Context) -> str:
    out = []
    for f in findings:
        props = (
            f"title={_github_escape(f'gradlint ({f.code})', True)},file={_github_escape(_absolute(f.path), True)},"
            f"line={f.start.line},col={f.start.column},endLine={f.end.line},endColumn={f.end.column}"
        )
        text = f"{display_path(f.path)}:{where(f)}: {f.code} {f.message}"
        out.append(f"::error {props}::{_github_escape(text)}\n")
    return "".join(out)


def sarif(findings: Sequence[Finding], context: Context) -> str:
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
                "helpUri": rule_url(rule),
                "properties": {"tags": ["autograd"]},
            }
        )
    results = []
    for f in findings:
        results.append(
            {
                "ruleId": f.code,
                "level": "error",
                "message": {"text": f.message if f.cell is None else f"cell {f.cell}: {f.message}"},
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
                        "informationUri": REPOSITORY,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def junit(findings: Sequence[Finding], context: Context) -> str:
    """JUnit XML as CI servers read it (GitLab, Jenkins, Azure): one test suite per file,
    one failed test case per finding; a clean run is one passing test case."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_path[display_path(f.path)].append(f)
    total = len(findings) or 1
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<testsuites name="gradlint" tests="{total}" failures="{len(findings)}" errors="0">\n',
    ]
    if not findings:
        out.append('  <testsuite name="gradlint" tests="1" failures="0" errors="0">\n')
        out.append('    <testcase name="No errors found" classname="gradlint"/>\n')
        out.append("  </testsuite>\n")
    for path, items in by_path.items():
        out.append(
            f'  <testsuite name={quoteattr(path)} tests="{len(items)}" failures="{len(items)}" errors="0">\n'
        )
        for f in items:
            rule = BY_CODE.get(f.code)
            name = f"{f.code} ({rule.name})" if rule is not None else f.code
            out.append(
                f"    <testcase name={quoteattr(f'{name} at {where(f)}')} classname={quoteattr(path)}>\n"
            )
            body = f"{path}:{where(f)}: {f.code} {f.message}"
            out.append(
                f"      <failure message={quoteattr(f.message)} type={quoteattr(f.code)}>"
                f"{xml_escape(body)}</failure>\n"
            )
            out.append("    </testcase>\n")
        out.append("  </testsuite>\n")
    out.append("</testsuites>\n")
    return "".join(out)


def fingerprint(f: Finding, context: Context, occurrence: int) -> str:
    """A finding's identity across runs: its file, code and the text of its line
    (whitespace removed), and which of the identical ones it is; never its line number,
    so that edits elsewhere in the file keep it."""
    lines = physical_lines(_source_of(f, context))
    text = lines[f.start.line - 1] if 0 < f.start.line <= len(lines) else ""
    key = "\0".join([display_path(f.path), f.code, "".join(text.split()), str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def gitlab(findings: Sequence[Finding], context: Context) -> str:
    """GitLab Code Quality: a Code Climate issue per finding, each with a fingerprint
    unique in the report (GitLab keeps one issue per fingerprint)."""
    seen: Counter = Counter()
    issues = []
    for f in findings:
        base = fingerprint(f, context, 0)
        occurrence = seen[base]
        seen[base] += 1
        issues.append(
            {
                "type": "issue",
                "check_name": f.code,
                "description": f"{f.code} {f.message}"
                if f.cell is None
                else f"cell {f.cell}: {f.code} {f.message}",
                "categories": ["Bug Risk"],
                "severity": "major",
                "fingerprint": base if occurrence == 0 else fingerprint(f, context, occurrence),
                "location": {
                    "path": display_path(f.path),
                    "lines": {"begin": f.start.line, "end": f.end.line},
                },
            }
        )
    return json.dumps(issues, indent=2) + "\n"


FORMATTERS: dict[str, Callable[[Sequence[Finding], Context], str]] = {
    "concise": concise,
    "full": full,
    "grouped": grouped,
    "json": json_array,
    "json-lines": json_lines,
    "github": github,
    "pylint": pylint,
    "sarif": sarif,
    "junit": junit,
    "gitlab": gitlab,
}


def plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def summary(
    findings: Sequence[Finding], fixed: int, unsafe: bool, fix_mode: bool, problems: Sequence[str] = ()
) -> str:
    """Ruff's closing lines: counts, and what ``--fix`` could do. ``problems`` are the
    paths that could not be linted or fixed: then nothing claims that all passed."""
    remaining = len(findings)
    lines = []
    if remaining or fixed:
        noun = "error" if remaining + fixed == 1 else "errors"
        if fixed:
            lines.append(f"Found {remaining + fixed} {noun} ({fixed} fixed, {remaining} remaining).")
        else:
            lines.append(f"Found {remaining} {noun}.")
    elif not problems:
        lines.append("All checks passed!")
    safe = sum(1 for f in findings if fixable(f, unsafe))
    hidden = sum(1 for f in findings if f.fix is not None and not fixable(f, unsafe))
    hint = f"{plural(hidden, 'hidden fix', 'hidden fixes')} can be enabled with the `--unsafe-fixes` option"
    if safe and not fix_mode:
        lines.append(f"[*] {safe} fixable with the `--fix` option" + (f" ({hint})." if hidden else "."))
    elif hidden:
        lines.append(f"No fixes available ({hint}).")
    if problems:
        lines.append(f"{plural(len(problems), 'path')} could not be checked or fixed (see the errors above).")
    return "".join(line + "\n" for line in lines)


def _statistics_rows(findings: Sequence[Finding], unsafe: bool) -> list[dict[str, object]]:
    counts = Counter(f.code for f in findings)
    fixable_counts = Counter(f.code for f in findings if fixable(f, unsafe))
    return [
        {
            "code": code,
            "name": BY_CODE[code].name if code in BY_CODE else None,
            "count": count,
            "fixable": fixable_counts[code] > 0,
            "fixable_count": fixable_counts[code],
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def statistics(findings: Sequence[Finding], unsafe: bool, output_format: str = "concise") -> str:
    """Findings counted per rule, as Ruff prints them: ``count<TAB>code<TAB>[*] name`` (the
    marker column only when some rule is fixable), or Ruff's JSON for ``json``."""
    rows = _statistics_rows(findings, unsafe)
    if output_format == "json":
        return json.dumps(rows, indent=2) + "\n"
    width = max((len(str(row["count"])) for row in rows), default=1)
    any_fixable = any(row["fixable"] for row in rows)
    out = []
    for row in rows:
        marker = ("[*] " if row["fixable"] else "[ ] ") if any_fixable else ""
        out.append(f"{row['count']:>{width}}\t{row['code']}\t{marker}{row['name'] or ''}\n")
    return "".join(out)


def fixed_listing(fixed: Mapping[str, Sequence[str]]) -> str:
    """``--show-fixes`` after ``--fix``: what was fixed, per file and rule (Ruff's layout)."""
    if not fixed:
        return ""
    total = sum(len(codes) for codes in fixed.values())
    out = [f"\nFixed {plural(total, 'error')}:\n"]  # a blank line first, as Ruff
    for path in sorted(fixed):
        out.append(f"- {display_path(path)}:\n")
        for code, count in sorted(Counter(fixed[path]).items()):
            name = BY_CODE[code].name if code in BY_CODE else ""
            out.append(f"    {count} \u00d7 {code} ({name})\n")
    return "".join(out) + "\n"
