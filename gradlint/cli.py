"""The command line: ``gradlint [check] [PATH ...]`` and ``gradlint rule CODE``.

Exit status: 0 no findings, 1 findings, 2 usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gradlint import __version__, fixer, report, source
from gradlint.catalog import rule_listing, rule_page, rule_record
from gradlint.config import (
    OUTPUT_FORMATS,
    ConfigError,
    Selection,
    Settings,
    apply_table,
    find_config,
    load_file,
    parse_per_file_ignores,
    split_list,
    validate_selector,
)
from gradlint.diagnostics import Finding
from gradlint.discovery import discover, named_path_excluded
from gradlint.linter import lint_text, parse_error
from gradlint.rules import ALL_RULES, BY_CODE

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_FIX_ROUNDS = 10
_STACK_BYTES = 512 * 1024 * 1024  # deep expressions recurse deeply in libcst and in our walk
_RECURSION_LIMIT = 20000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gradlint",
        description="Lint Python files for PyTorch autograd misuse. "
        "`gradlint rule CODE` prints a rule's documentation.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to lint (default: .); - reads stdin"
    )
    parser.add_argument("--version", action="version", version=f"gradlint {__version__}")
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="comma-separated rule codes or prefixes to enable (replaces the config's select)",
    )
    parser.add_argument(
        "--extend-select",
        action="append",
        metavar="CODES",
        help="rule codes or prefixes to enable in addition",
    )
    parser.add_argument(
        "--ignore", action="append", metavar="CODES", help="rule codes or prefixes to disable"
    )
    parser.add_argument(
        "--per-file-ignores",
        action="append",
        metavar="GLOB:CODES",
        help="disable codes for files matching GLOB, e.g. 'tests/*:GL101,GL102'",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="GLOBS",
        help="paths to skip (replaces the defaults and the config's exclude)",
    )
    parser.add_argument(
        "--extend-exclude", action="append", metavar="GLOBS", help="paths to skip in addition"
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        default=None,
        help="apply excludes to paths named on the command line too",
    )
    parser.add_argument(
        "--no-respect-gitignore",
        dest="respect_gitignore",
        action="store_false",
        default=None,
        help="lint files that .gitignore excludes",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="read settings from FILE (pyproject.toml or a plain TOML file)"
    )
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    parser.add_argument(
        "--output-format", choices=OUTPUT_FORMATS, help="how to print findings (default: concise)"
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the name of the file read from stdin, for messages, per-file-ignores and excludes",
    )
    parser.add_argument("--fix", action="store_true", help="apply safe fixes")
    parser.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply (with --fix) or show unsafe fixes"
    )
    parser.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff instead of writing them"
    )
    parser.add_argument("--fix-only", action="store_true", help="apply fixes and report nothing else")
    parser.add_argument(
        "--show-files", action="store_true", help="list the files that would be linted and exit"
    )
    parser.add_argument(
        "--statistics", action="store_true", help="count findings per rule instead of listing them"
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--exit-non-zero-on-fix", action="store_true", help="exit 1 when any fix was applied")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    parser.add_argument("-v", "--verbose", action="store_true", help="print tracebacks of internal errors")
    return parser


@dataclass
class Run:
    """What one invocation found, kept apart from how it is printed."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    fixed: int = 0
    sources: dict = field(default_factory=dict)  # text of files with findings, for `full`
    keep_sources: bool = False
    diffs: list[str] = field(default_factory=list)
    stdout_text: str | None = None  # the fixed source, for --fix on stdin


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; runs in a thread with a large stack."""
    outcome: list[int] = []

    def target() -> None:
        sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))
        outcome.append(_guarded(argv))

    previous = threading.stack_size()
    try:
        threading.stack_size(_STACK_BYTES)
    except (ValueError, RuntimeError):  # pragma: no cover - platforms without it
        return _guarded(argv)
    worker = threading.Thread(target=target, name="gradlint", daemon=True)
    worker.start()
    threading.stack_size(previous)
    try:
        worker.join()
    except KeyboardInterrupt:
        return 130
    return outcome[0] if outcome else EXIT_ERROR


def _guarded(argv: Sequence[str] | None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:
        # the reader went away (`gradlint . | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except Exception as exc:  # a bug of ours: say so in one line, never a bare traceback
        _error(f"internal error: {type(exc).__name__}: {exc}")
        if os.environ.get("GRADLINT_TRACEBACK"):
            traceback.print_exc()
        return EXIT_ERROR


def _error(message: str) -> None:
    sys.stderr.write(f"gradlint: error: {message}\n")
    sys.stderr.flush()


def _main(argv: list[str]) -> int:
    if argv[:1] == ["rule"]:
        return rule_command(argv[1:])
    if argv[:1] == ["check"]:
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    settings = load_settings(args)
    output_format = args.output_format or settings.output_format
    enabled = settings.enabled_codes()
    use_stdin = args.paths == ["-"] or (not args.paths and args.stdin_filename is not None)
    run = Run(keep_sources=output_format == "full")
    if use_stdin:
        name = args.stdin_filename or "-"
        if settings.force_exclude and args.stdin_filename and named_path_excluded(name, settings):
            return EXIT_CLEAN
        data = sys.stdin.buffer.read()
        _lint_bytes(name, data, settings, enabled, args, run, from_stdin=True)
    else:
        found = discover(args.paths or ["."], settings)
        run.errors.extend(found.errors)
        if args.show_files:
            sys.stdout.write("".join(f"{report.display_path(p)}\n" for p in found.files))
            return EXIT_ERROR if found.errors else EXIT_CLEAN
        for path in found.files:
            _lint_path(path, settings, enabled, args, run)
    return _finish(run, args, output_format)


def load_settings(args: argparse.Namespace) -> Settings:
    cwd = Path.cwd()
    settings = Settings(root=cwd)
    if not args.isolated:
        config = Path(args.config) if args.config else find_config(cwd)
        if config is not None:
            if not config.is_file():
                raise ConfigError(f"--config: {config}: no such file")
            table, where = load_file(config)
            settings.root = config.resolve().parent
            settings.config_file = config
            apply_table(settings, table, where)
    selection = Selection(
        select=tuple(validate_selector(c, "`--select`") for c in split_list(args.select))
        if args.select
        else None,
        extend_select=tuple(
            validate_selector(c, "`--extend-select`") for c in split_list(args.extend_select)
        ),
        ignore=tuple(validate_selector(c, "`--ignore`") for c in split_list(args.ignore)),
    )
    if selection != Selection():
        settings.layers.append(selection)
    if args.per_file_ignores:
        settings.per_file_ignores.update(parse_per_file_ignores(args.per_file_ignores))
    if args.exclude:
        settings.exclude = tuple(split_list(args.exclude))
    if args.extend_exclude:
        settings.extend_exclude += tuple(split_list(args.extend_exclude))
    if args.force_exclude is not None:
        settings.force_exclude = True
    if args.respect_gitignore is not None:
        settings.respect_gitignore = False
    return settings


def _lint_path(
    path: str, settings: Settings, enabled: frozenset[str], args: argparse.Namespace, run: Run
) -> None:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        run.errors.append(f"{path}: cannot read: {exc.strerror or exc}")
        return
    _lint_bytes(path, data, settings, enabled, args, run)


def _lint_bytes(
    path: str,
    data: bytes,
    settings: Settings,
    enabled: frozenset[str],
    args: argparse.Namespace,
    run: Run,
    from_stdin: bool = False,
) -> None:
    try:
        decoded = source.decode(data)
    except source.SourceError as error:
        run.findings.append(parse_error(path, error))
        return
    rules = settings.rules_for(path, enabled)
    try:
        findings = lint_text(decoded.text, path, rules)
        text = decoded.text
        fixing = args.fix or args.fix_only or args.diff
        if fixing:
            text, findings, fixed = _fix(decoded.text, path, rules, findings, args.unsafe_fixes)
            run.fixed += fixed
    except Exception as exc:  # a bug of ours on this file: name it, lint the rest
        run.errors.append(f"{path}: internal error: {type(exc).__name__}: {exc}")
        if args.verbose or os.environ.get("GRADLINT_TRACEBACK"):
            traceback.print_exc()
        return
    if findings and run.keep_sources:
        run.sources[path] = text
    run.findings.extend(findings)
    if text != decoded.text:
        if args.diff:
            label = path if not from_stdin else (args.stdin_filename or "-")
            run.diffs.append(
                "".join(
                    difflib.unified_diff(
                        decoded.text.splitlines(keepends=True),
                        text.splitlines(keepends=True),
                        fromfile=f"a/{label}",
                        tofile=f"b/{label}",
                    )
                )
            )
        elif from_stdin:
            run.stdout_text = text
        else:
            try:
                Path(path).write_bytes(source.encode(decoded, text))
            except OSError as exc:
                run.errors.append(f"{path}: cannot write the fixes: {exc.strerror or exc}")
    elif from_stdin and (args.fix or args.fix_only) and not args.diff:
        run.stdout_text = text


def _fix(text: str, path: str, rules: list, findings: list[Finding], unsafe: bool):
    """Apply fixes round after round (a fix may make room for another) until none apply."""
    fixed = 0
    for _ in range(_FIX_ROUNDS):
        fixes = fixer.applicable(findings, unsafe)
        if not fixes:
            break
        new_text, count = fixer.apply(text, fixes)
        if new_text == text:
            break
        try:
            source.parse(new_text)
        except source.SourceError as error:
            raise RuntimeError(
                f"a fix would produce code that does not parse ({error.reason}); nothing written"
            ) from None
        text, fixed = new_text, fixed + count
        findings = lint_text(text, path, rules)
    return text, findings, fixed


def _finish(run: Run, args: argparse.Namespace, output_format: str) -> int:
    findings = sorted(run.findings, key=Finding.sort_key)
    out = sys.stdout
    if args.diff:
        out.write("".join(run.diffs))
        out.flush()
        if not args.quiet:
            sys.stderr.write(
                f"Would fix {run.fixed} error{'s' if run.fixed != 1 else ''}.\n"
                if run.fixed
                else "No errors would be fixed.\n"
            )
        for message in run.errors:
            _error(message)
        return EXIT_ERROR if run.errors else (EXIT_FINDINGS if run.fixed else EXIT_CLEAN)
    # with --fix on stdin the fixed code goes to stdout and the report to stderr
    report_out = sys.stderr if run.stdout_text is not None else out
    if run.stdout_text is not None:
        out.write(run.stdout_text)
        out.flush()
    if args.fix_only:
        if not args.quiet and run.fixed:
            report_out.write(f"Fixed {run.fixed} error{'s' if run.fixed != 1 else ''}.\n")
    elif args.statistics:
        report_out.write(report.statistics(findings))
    else:
        report_out.write(report.FORMATTERS[output_format](findings, run.sources, args.unsafe_fixes))
        if output_format in report.TEXT_FORMATS and not args.quiet:
            report_out.write(report.summary(findings, run.fixed, args.unsafe_fixes, args.fix))
    report_out.flush()
    for message in run.errors:
        _error(message)
    if run.errors:
        return EXIT_ERROR
    if args.exit_non_zero_on_fix and run.fixed:
        return EXIT_FINDINGS
    if findings and not args.exit_zero and not args.fix_only:
        return EXIT_FINDINGS
    return EXIT_CLEAN


# ---------------------------------------------------------------------- gradlint rule


def rule_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gradlint rule", description="Print a rule's documentation.")
    parser.add_argument("code", nargs="?", help="a rule code, e.g. GL107")
    parser.add_argument("--all", action="store_true", help="list every rule")
    parser.add_argument("--output-format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.all == (args.code is not None):
        parser.error("give either a rule code or --all")
    if args.all:
        rules = list(ALL_RULES)
    else:
        rule = BY_CODE.get(args.code.upper())
        if rule is None:
            _error(f"unknown rule code `{args.code}`; `gradlint rule --all` lists them")
            return EXIT_ERROR
        rules = [rule]
    if args.output_format == "json":
        sys.stdout.write(json.dumps([rule_record(r) for r in rules], indent=2) + "\n")
    elif args.all:
        sys.stdout.write(rule_listing())
    else:
        sys.stdout.write(rule_page(rules[0]))
    return EXIT_CLEAN
