"""The command line: ``gradlint [check] [PATH ...]`` and ``gradlint rule CODE``.

Exit status: 0 no findings, 1 findings, 2 usage, configuration or internal error, or a
path that could not be linted or fixed. With ``--fix`` on stdin, stdout holds the code
(byte for byte as it came, but for the fixes) exactly when the status is 0 or 1.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

from gradlint import __version__, cache, notebook, report, runner, source, writeback
from gradlint.catalog import rule_listing, rule_page, rule_record
from gradlint.config import (
    OUTPUT_FORMATS,
    ConfigError,
    Overrides,
    Resolver,
    Selection,
    Settings,
    parse_per_file_ignores,
    patterns,
    split_list,
    validate_selector,
)
from gradlint.diagnostics import Finding
from gradlint.discovery import discover, named_path_excluded
from gradlint.filecheck import FileResult, Original
from gradlint.rules import ALL_RULES, BY_CODE

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT
DISTRIBUTION = "torch-gradlint"  # the name on the package index; the command is `gradlint`


def build_parser(prog: str = "gradlint") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Lint Python files for PyTorch autograd misuse. "
        "`gradlint rule CODE` prints a rule's documentation.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to lint (default: .); - reads stdin"
    )
    parser.add_argument("--version", action="version", version=f"gradlint {__version__} ({DISTRIBUTION})")
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
        "--add-noqa",
        action="store_true",
        help="add `# noqa: CODE` to every line with findings, so they are suppressed from now on",
    )
    parser.add_argument(
        "--show-files", action="store_true", help="list the files that would be linted and exit"
    )
    parser.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings used for the first file found under PATH (and where they come from) and exit",
    )
    parser.add_argument(
        "--statistics", action="store_true", help="count findings per rule instead of listing them"
    )
    parser.add_argument(
        "--show-fixes",
        action="store_true",
        help="list what --fix fixed; `full` output shows each fix as a diff",
    )
    parser.add_argument(
        "-o", "--output-file", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--exit-non-zero-on-fix", action="store_true", help="exit 1 when any fix was applied")
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        metavar="N",
        help=f"lint N files at a time, each in a worker process (default: all cores, here {runner.default_jobs()})",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"neither read nor write the result cache (also: {cache.ENV_DISABLE}=1)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help=f"where to keep the result cache (default: {cache.NAME} in the project root; "
        f"also: {cache.ENV_DIRECTORY})",
    )
    parser.add_argument(
        "--file-timeout",
        type=_positive_float,
        metavar="SECONDS",
        default=runner.Budget.seconds,
        help="CPU seconds one file may take, per 1,000 lines (a shorter file gets as much; "
        "default: %(default)g); a file over it is named and skipped",
    )
    parser.add_argument(
        "--file-memory",
        type=_positive_int,
        metavar="MB",
        default=runner.Budget.memory_mb,
        help="memory one file may take (default: %(default)d MB, enforced on Linux); "
        "a file over it is named and skipped",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the traceback of internal errors")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


@dataclass
class Run:
    """What one invocation found, kept apart from how it is printed."""

    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # paths not linted or not fixed, one line each
    warnings: list[str] = field(default_factory=list)
    # path -> the codes of the findings fixed (with --diff: that the fixes would resolve)
    fixed: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # text of files with findings, for `full`
    keep_sources: bool = False
    diffs: list[str] = field(default_factory=list)
    verbose: bool = False
    noqa_added: int = 0  # --add-noqa: the codes added

    @property
    def fixed_count(self) -> int:
        return sum(len(codes) for codes in self.fixed.values())

    def add(self, path: str, findings: list[Finding], texts: Callable[[], Mapping[int | None, str]]) -> None:
        """Findings of one file; ``texts`` gives its text (a notebook's, its cells' by
        number), kept for the formats that quote it."""
        if findings and self.keep_sources:
            for cell, text in texts().items():
                self.sources[report.source_key(path, cell)] = text
        self.findings.extend(findings)

    def problem(self, path: str, message: str, details: str | None = None) -> None:
        """A file not checked or not fixed: one line naming it; -v adds the traceback."""
        self.problems.append(f"{path}: {message}")
        if details and self.verbose:
            sys.stderr.write(details)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script. The files are analysed in worker processes
    (see :mod:`gradlint.runner`); this process reads, reports, and handles Ctrl-C."""
    try:
        return _guarded(argv)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _guarded(argv: Sequence[str] | None) -> int:
    run = Run(verbose=bool(os.environ.get("GRADLINT_TRACEBACK")))
    try:
        return _main(list(sys.argv[1:] if argv is None else argv), run)
    except SystemExit as exc:  # argparse: --help and --version (0), usage errors (2)
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or EXIT_CLEAN
        _error(str(exc.code))
        return EXIT_ERROR
    except BrokenPipeError:
        # the reader went away (`gradlint . | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except Exception as exc:  # a bug of ours: say so in one line; -v shows where
        _error(f"internal error: {type(exc).__name__}: {exc}")
        if run.verbose:
            traceback.print_exc()
        return EXIT_ERROR


def _warn(messages: Sequence[str]) -> None:
    for message in messages:
        sys.stderr.write(f"gradlint: warning: {message}\n")


def _error(message: str) -> None:
    sys.stderr.write(f"gradlint: error: {message}\n")
    sys.stderr.flush()


def _main(argv: list[str], run: Run) -> int:
    if argv[:1] == ["rule"]:
        return rule_command(argv[1:])
    if argv[:1] == ["server"]:
        return server_command(argv[1:])
    prog = "gradlint"
    if argv[:1] == ["check"]:
        argv, prog = argv[1:], "gradlint check"
    args = build_parser(prog).parse_args(argv)
    run.verbose = run.verbose or args.verbose
    if args.add_noqa and (_fixing(args) or args.paths == ["-"] or args.stdin_filename is not None):
        raise ConfigError(
            "--add-noqa edits files in place: it cannot be combined with --fix, --diff or stdin"
        )
    resolver = make_resolver(args)
    output_format = resolver.top.output_format
    run.keep_sources = output_format in report.NEEDS_SOURCES
    if args.show_settings:
        return show_settings(args.paths or ["."], resolver)
    if args.paths == ["-"] or (not args.paths and args.stdin_filename is not None):
        return _lint_stdin(args, resolver, run, output_format)
    found = discover(args.paths or ["."], resolver)
    run.problems.extend(found.errors)
    run.warnings.extend(found.warnings)
    if args.show_files:
        sys.stdout.write("".join(f"{report.display_path(p)}\n" for p in found.files))
        sys.stdout.flush()
        _warn(run.warnings)
        for message in run.problems:
            _error(message)
        return EXIT_ERROR if run.problems else EXIT_CLEAN
    tasks = [runner.Task(path, _codes(resolver.for_path(path), path)) for path in found.files]
    result_cache = _cache(args, resolver)
    for task, data, result in runner.run(tasks, _run_options(args), result_cache):
        _record(
            task.path, data, result, args, run, functools.partial(writeback.replace, task.path, original=data)
        )
    if result_cache is not None:
        failure = result_cache.save()
        if failure is not None:
            run.warnings.append(failure)
    return _finish(run, args, output_format)


def make_resolver(args: argparse.Namespace) -> Resolver:
    """Which settings apply to each file: the config files, then the command line."""
    cwd = Path.cwd()
    selection = Selection(
        select=tuple(validate_selector(c, "`--select`") for c in split_list(args.select))
        if args.select
        else None,
        extend_select=tuple(
            validate_selector(c, "`--extend-select`") for c in split_list(args.extend_select)
        ),
        ignore=tuple(validate_selector(c, "`--ignore`") for c in split_list(args.ignore)),
    )
    overrides = Overrides(
        selection=selection,
        per_file_ignores=tuple(parse_per_file_ignores(args.per_file_ignores or (), cwd)),
        exclude=patterns(split_list(args.exclude), cwd) if args.exclude else None,
        extend_exclude=patterns(split_list(args.extend_exclude), cwd),
        force_exclude=args.force_exclude,
        respect_gitignore=args.respect_gitignore,
        output_format=args.output_format,
    )
    config = Path(args.config) if args.config and not args.isolated else None
    return Resolver(overrides, config=config, isolated=args.isolated, cwd=cwd)


def show_settings(paths: list[str], resolver: Resolver) -> int:
    found = discover(paths, resolver)
    for message in found.errors:
        _error(message)
    if not found.files:
        _error("no Python files found under the given paths")
        return EXIT_ERROR
    path = found.files[0]
    sys.stdout.write(resolver.for_path(path).describe(path))
    return EXIT_ERROR if found.errors else EXIT_CLEAN


def _codes(settings: Settings, path: str) -> tuple[str, ...]:
    """The rules that apply to ``path``: its effective settings, as the cache keys them."""
    return tuple(rule.code for rule in settings.rules_for(path))


def _fixing(args: argparse.Namespace) -> bool:
    return bool(args.fix or args.fix_only or args.diff)


def _run_options(args: argparse.Namespace) -> runner.Options:
    stderr_is_terminal = sys.stderr.isatty()
    return runner.Options(
        jobs=args.jobs or runner.default_jobs(),
        budget=runner.Budget(args.file_timeout, args.file_memory),
        fix=_fixing(args),
        unsafe=args.unsafe_fixes,
        add_noqa=args.add_noqa,
        verbose=bool(args.verbose or os.environ.get("GRADLINT_TRACEBACK")),
        progress=sys.stderr if stderr_is_terminal and not args.quiet else None,
    )


def _cache(args: argparse.Namespace, resolver: Resolver) -> cache.Cache | None:
    """The result cache: --cache-dir, else $GRADLINT_CACHE_DIR, else .gradlint_cache in
    the project root (the folder of the configuration found from here, or here); none
    with --no-cache or $GRADLINT_NO_CACHE."""
    if args.no_cache or cache.disabled_by_environment():
        return None
    directory = args.cache_dir or os.environ.get(cache.ENV_DIRECTORY) or resolver.top.root / cache.NAME
    return cache.Cache(Path(directory))


def _record(
    label: str,
    data: bytes,
    result: FileResult,
    args: argparse.Namespace,
    run: Run,
    write: Callable[[bytes], object],
) -> None:
    """Keep one file's results: its diff with --diff, else its fixes (or noqa comments)
    written through ``write``; when they cannot be written, its findings as they were."""
    display = report.display_path(label)
    for where, message in result.warnings:
        run.warnings.append(f"{display}:{where}: {message}")
    if result.problem is not None:
        run.problem(label, result.problem, result.traceback)
        return
    original = Original(label, data)
    fixed_text = result.fixed_text
    if fixed_text is not None:
        try:
            if args.diff:
                run.diffs.append(original.diff(label, fixed_text))
            else:
                write(original.encode(fixed_text))
        except (writeback.WriteError, source.SourceError) as exc:
            reason = exc.reason if isinstance(exc, source.SourceError) else str(exc)
            run.problem(label, f"cannot write the fixes: {reason}")
            run.add(label, result.findings, original.texts)  # nothing was fixed
            return
    if result.fixed:
        run.fixed[label] = result.fixed
    run.noqa_added += result.noqa_added
    run.add(label, result.remaining, lambda: original.texts(fixed_text))


def _lint_stdin(args: argparse.Namespace, resolver: Resolver, run: Run, output_format: str) -> int:
    """Stdin, named by --stdin-filename. With --fix, stdout is for the code alone: the
    same bytes but for the fixes, or nothing at all when the status is 2."""
    name = args.stdin_filename or "-"
    settings = resolver.for_path(name)
    data = sys.stdin.buffer.read()
    code_out = (args.fix or args.fix_only) and not args.diff
    if settings.force_exclude and args.stdin_filename and named_path_excluded(name, settings):
        if code_out:
            _write_bytes(data)  # an editor replaces its buffer with this: give it back unchanged
        return EXIT_CLEAN
    report_stream = sys.stderr if code_out else sys.stdout  # with the code on stdout, the report on stderr
    if code_out and not notebook.is_notebook(name):
        try:
            source.decode(data)
        except source.SourceError as error:  # no code to give back: stdout stays empty
            run.problems.append(
                f"{name}:{error.line}:{error.column}: {error.reason}; nothing written to stdout"
            )
            return _finish(run, args, output_format, report_stream)
    output = [data]  # a broken notebook, a GL001 finding, is given back as it came
    options = _run_options(args)
    options.jobs = 1
    options.progress = None
    for _, read, result in runner.run([runner.Task(name, _codes(settings, name), data)], options):
        _record(name, read, result, args, run, output.append)
    if code_out and not run.problems:
        _write_bytes(output[-1])
    return _finish(run, args, output_format, report_stream)


def _write_bytes(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _finish(
    run: Run, args: argparse.Namespace, output_format: str, report_stream: TextIO | None = None
) -> int:
    findings = sorted(run.findings, key=Finding.sort_key)
    _warn(run.warnings)
    if args.diff:
        sys.stdout.write("".join(run.diffs))
        sys.stdout.flush()
        for message in run.problems:
            _error(message)
        if not args.quiet:
            count = run.fixed_count
            sys.stderr.write(
                f"Would fix {count} error{'s' if count != 1 else ''}.\n"
                if count
                else "No errors would be fixed.\n"
            )
        return EXIT_ERROR if run.problems else (EXIT_FINDINGS if run.fixed else EXIT_CLEAN)
    context = report.Context(run.sources, args.unsafe_fixes, args.show_fixes)
    text_output = output_format in report.TEXT_FORMATS
    if args.add_noqa:
        # what is left could not take a comment (GL001, a line ending inside a string)
        closing = "" if args.quiet else f"Added {report.plural(run.noqa_added, 'noqa directive')}.\n"
        _write_report(
            args.output_file,
            sys.stdout,
            report.FORMATTERS[output_format](findings, context),
            run.problems,
            "",
        )
        sys.stderr.write(closing)
        return _exit_status(run, args, findings)
    if args.fix_only:
        body = ""
    elif args.statistics:
        body = report.statistics(findings, args.unsafe_fixes, output_format)
    else:
        body = report.FORMATTERS[output_format](findings, context)
    closing = ""
    if args.show_fixes and (args.fix or args.fix_only) and not args.quiet:
        closing += report.fixed_listing(run.fixed)
    if args.fix_only:
        if not args.quiet and run.fixed:
            closing += f"Fixed {run.fixed_count} error{'s' if run.fixed_count != 1 else ''}.\n"
    elif text_output and not args.quiet and not (args.statistics and output_format == "json"):
        closing += report.summary(findings, run.fixed_count, args.unsafe_fixes, args.fix, run.problems)
    _write_report(args.output_file, report_stream or sys.stdout, body, run.problems, closing)
    return _exit_status(run, args, findings)


def _write_report(
    output_file: str | None, stream: TextIO, body: str, problems: list[str], closing: str
) -> None:
    """The findings, the problems (on stderr, so they sit above the summary that counts
    them), then the summary; to --output-file when given."""
    if output_file is not None:
        try:
            with open(output_file, "w", encoding="utf-8") as handle:
                handle.write(body + closing)
        except OSError as exc:
            raise ConfigError(f"--output-file: {output_file}: {exc.strerror or exc}") from None
        for message in problems:
            _error(message)
        return
    stream.write(body)
    stream.flush()
    for message in problems:
        _error(message)
    stream.write(closing)
    stream.flush()


def _exit_status(run: Run, args: argparse.Namespace, findings: Sequence[Finding]) -> int:
    if run.problems:
        return EXIT_ERROR
    if args.exit_non_zero_on_fix and run.fixed:
        return EXIT_FINDINGS
    if findings and not args.exit_zero and not args.fix_only:
        return EXIT_FINDINGS
    return EXIT_CLEAN


# ---------------------------------------------------------------------- gradlint server


def server_command(argv: list[str]) -> int:
    """The language server (gradlint/server.py); pygls comes with the `server` extra."""
    try:
        from gradlint import server
    except ImportError as exc:
        _error(f"`gradlint server` needs pygls ({exc}): pip install 'torch-gradlint[server]'")
        return EXIT_ERROR
    return runner.with_deep_stack(lambda: server.main(argv))  # it lints in this process


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
