"""``gradlint server``: a Language Server over stdio, built on pygls.

- Diagnostics on open and save at once, and on change after a pause (``--debounce-ms``,
  100 ms by default), for Python files and for the cells of Jupyter notebooks (LSP's
  notebook documents: the code cells are linted as one program, as the command line
  does, and each cell gets its own findings).
- Code actions: each finding's fix (an unsafe one says so in its title) and
  ``# noqa: CODE`` for its line.
- Hover over a finding, or over a code in a ``# noqa`` comment: the rule's documentation.
- Settings per file, found as the command line finds them: the nearest
  ``pyproject.toml`` with ``[tool.gradlint]`` above the file. Saving a
  ``pyproject.toml`` reloads them.

pygls is an optional dependency: ``pip install 'torch-gradlint[server]'``.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import traceback
from dataclasses import dataclass

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from gradlint import __version__, noqa, notebook
from gradlint.catalog import rule_page, rule_url
from gradlint.config import ConfigError, Resolver
from gradlint.diagnostics import SAFE, Edit, Finding, Location
from gradlint.discovery import named_path_excluded
from gradlint.linter import lint_text
from gradlint.rules import BY_CODE
from gradlint.source import NotAnalysable, physical_lines

SOURCE = "gradlint"
_CODE = re.compile(r"GL\d{3}")
_UNTITLED = "untitled.py"


@dataclass(frozen=True)
class Reported:
    """A finding published for a document, with the diagnostic the client got."""

    finding: Finding
    diagnostic: lsp.Diagnostic


class GradlintServer(LanguageServer):
    def __init__(self, debounce: float = 0.1) -> None:
        super().__init__(
            "gradlint",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            notebook_document_sync=lsp.NotebookDocumentSyncOptions(
                notebook_selector=[
                    lsp.NotebookDocumentFilterWithCells(
                        notebook="jupyter-notebook", cells=[lsp.NotebookCellLanguage(language="python")]
                    )
                ],
                save=True,
            ),
        )
        self.debounce = debounce
        self._resolver: Resolver | None = None
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self.reported: dict[str, list[Reported]] = {}  # uri -> what was published

    # ---------------------------------------------------------------- linting

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver()
        return self._resolver

    def reload_settings(self) -> None:
        self._resolver = None
        for uri in list(self.reported):
            self.lint(uri)

    def schedule(self, uri: str) -> None:
        """Lint ``uri`` once no change has come for ``debounce`` seconds."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self._timers[uri] = loop.call_later(self.debounce, self.lint, uri)

    def lint(self, uri: str) -> None:
        """Lint a document, or the notebook a cell belongs to, and publish."""
        self._timers.pop(uri, None)
        book = self.workspace.get_notebook_document(cell_uri=uri)
        try:
            if book is not None:
                self._lint_notebook(book)
            else:
                self._lint_document(self.workspace.get_text_document(uri))
        except ConfigError as exc:
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"gradlint: {exc}"))
        except Exception as exc:  # a bug of ours: say so, keep serving
            self.window_log_message(
                lsp.LogMessageParams(lsp.MessageType.Error, f"gradlint: internal error on {uri}: {exc!r}")
            )
            traceback.print_exc(file=sys.stderr)

    def _rules_for(self, path: str) -> list | None:
        """The rules for ``path``, or None when the settings exclude it."""
        settings = self.resolver.for_path(path) if path != _UNTITLED else self.resolver.top
        if settings.force_exclude and named_path_excluded(path, settings):
            return None
        return settings.rules_for(path)

    def _lint_document(self, document: TextDocument) -> None:
        path = to_fs_path(document.uri) or _UNTITLED
        rules = self._rules_for(path)
        text = document.source
        findings: list[Finding] = []
        if rules is not None:
            if notebook.is_notebook(path):
                return  # a notebook's JSON opened as text: its cells come as notebook documents
            findings = self._findings(text, path, rules)
        self._publish(document.uri, text, findings, document.version)

    def _lint_notebook(self, book: lsp.NotebookDocument) -> None:
        path = to_fs_path(book.uri) or _UNTITLED
        code_cells = [
            (index, cell.document)
            for index, cell in enumerate(book.cells)
            if cell.kind == lsp.NotebookCellKind.Code
        ]
        texts = {uri: self.workspace.get_text_document(uri).source for _, uri in code_cells}
        rules = self._rules_for(path)
        by_cell: dict[int, list[Finding]] = {}
        if rules is not None:
            program = notebook.from_cells([(index, texts[uri]) for index, uri in code_cells])
            for finding in program.to_cells(self._findings(program.program, path, rules)):
                by_cell.setdefault(finding.cell or 0, []).append(finding)
        for index, uri in code_cells:
            self._publish(uri, texts[uri], by_cell.get(index + 1, []), None)

    def _findings(self, text: str, path: str, rules: list) -> list[Finding]:
        """The findings of ``text``; none, and a line in the log, for code that gradlint
        cannot read (the command line names it as not checked)."""
        try:
            return lint_text(text, path, rules)
        except NotAnalysable as refused:
            self.window_log_message(
                lsp.LogMessageParams(
                    lsp.MessageType.Warning, f"gradlint: {path}: not checked: {refused.reason}"
                )
            )
            return []

    def _publish(self, uri: str, text: str, findings: list[Finding], version: int | None) -> None:
        lines = physical_lines(text, keepends=True)
        reported = [Reported(f, _diagnostic(f, lines, self)) for f in findings]
        self.reported[uri] = reported
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(
                uri=uri, diagnostics=[r.diagnostic for r in reported], version=version
            )
        )

    # ---------------------------------------------------------------- positions

    def to_range(self, lines: list[str], start: Location, end: Location) -> lsp.Range:
        """1-based lines and character columns, as the client counts (UTF-16 by default)."""
        codec = self.workspace.position_codec
        return codec.range_to_client_units(
            lines,
            lsp.Range(
                lsp.Position(start.line - 1, start.column - 1), lsp.Position(end.line - 1, end.column - 1)
            ),
        )

    def lines_of(self, uri: str) -> list[str]:
        return physical_lines(self.workspace.get_text_document(uri).source, keepends=True)

    # ---------------------------------------------------------------- code actions and hover

    def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        lines = self.lines_of(uri)
        actions: list[lsp.CodeAction] = []
        noqa_actions: list[lsp.CodeAction] = []
        for item in self.reported.get(uri, []):
            if not _overlaps(item.diagnostic.range, params.range):
                continue
            finding, diagnostic = item.finding, item.diagnostic
            fix = finding.fix
            if fix is not None:
                unsafe = fix.applicability != SAFE
                edits = [self._text_edit(lines, edit) for edit in fix.edits]
                actions.append(
                    lsp.CodeAction(
                        title=f"{finding.code}: {fix.message}" + (" (unsafe fix)" if unsafe else ""),
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=lsp.WorkspaceEdit(changes={uri: edits}),
                        is_preferred=not unsafe,
                    )
                )
            edit = self._noqa_edit(lines, finding)
            if edit is not None:
                noqa_actions.append(
                    lsp.CodeAction(
                        title=f"{finding.code}: disable for this line (`# noqa: {finding.code}`)",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
                    )
                )
        return actions + noqa_actions

    def _text_edit(self, lines: list[str], edit: Edit) -> lsp.TextEdit:
        return lsp.TextEdit(range=self.to_range(lines, edit.start, edit.end), new_text=edit.content)

    def _noqa_edit(self, lines: list[str], finding: Finding) -> lsp.TextEdit | None:
        """The line of ``finding`` with the directive added, as an edit of that line."""
        line = finding.start.line
        if line > len(lines):
            return None
        local = Finding(finding.path, finding.code, finding.message, Location(line, 1), Location(line, 1))
        text, added = noqa.add_directives("".join(lines), [local])
        if not added:
            return None
        new_line = physical_lines(text, keepends=True)[line - 1].rstrip("\r\n")
        old_line = lines[line - 1].rstrip("\r\n")
        return self._text_edit(lines, Edit(Location(line, 1), Location(line, len(old_line) + 1), new_line))

    def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        lines = self.lines_of(uri)
        position = params.position
        codes: list[str] = []
        for item in self.reported.get(uri, []):
            if _contains(item.diagnostic.range, position) and item.finding.code not in codes:
                codes.append(item.finding.code)
        if not codes and position.line < len(lines):
            codec = self.workspace.position_codec
            column = codec.position_from_client_units(lines, position).character
            for match in _CODE.finditer(lines[position.line]):
                if match.start() <= column <= match.end() and match.group(0) in BY_CODE:
                    codes.append(match.group(0))
        if not codes:
            return None
        pages = "\n\n---\n\n".join(rule_page(BY_CODE[code]) for code in codes)
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=pages))


def _diagnostic(finding: Finding, lines: list[str], server: GradlintServer) -> lsp.Diagnostic:
    rule = BY_CODE.get(finding.code)
    unused = finding.code == "GL002"
    return lsp.Diagnostic(
        range=server.to_range(lines, finding.start, finding.end),
        message=finding.message,
        severity=lsp.DiagnosticSeverity.Warning if unused else lsp.DiagnosticSeverity.Error,
        code=finding.code,
        code_description=lsp.CodeDescription(href=rule_url(rule)) if rule is not None else None,
        source=SOURCE,
        tags=[lsp.DiagnosticTag.Unnecessary] if unused else None,
    )


def _before(a: lsp.Position, b: lsp.Position) -> bool:
    return (a.line, a.character) < (b.line, b.character)


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    return not _before(a.end, b.start) and not _before(b.end, a.start)


def _contains(span: lsp.Range, position: lsp.Position) -> bool:
    return not _before(position, span.start) and not _before(span.end, position)


def build(debounce: float = 0.1) -> GradlintServer:
    server = GradlintServer(debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        server.lint(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        server.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.endswith("pyproject.toml"):
            server.reload_settings()
        else:
            server.lint(uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.reported.pop(uri, None)
        server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(params: lsp.DidOpenNotebookDocumentParams) -> None:
        for cell in params.cell_text_documents[:1]:
            server.lint(cell.uri)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(params: lsp.DidChangeNotebookDocumentParams) -> None:
        book = server.workspace.get_notebook_document(notebook_uri=params.notebook_document.uri)
        cells = [c for c in (book.cells if book else []) if c.kind == lsp.NotebookCellKind.Code]
        if cells:
            server.schedule(cells[0].document)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_save(params: lsp.DidSaveNotebookDocumentParams) -> None:
        book = server.workspace.get_notebook_document(notebook_uri=params.notebook_document.uri)
        cells = [c for c in (book.cells if book else []) if c.kind == lsp.NotebookCellKind.Code]
        if cells:
            server.lint(cells[0].document)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(params: lsp.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.endswith("pyproject.toml") for change in params.changes):
            server.reload_settings()

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return server.code_actions(params)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(params: lsp.HoverParams) -> lsp.Hover | None:
        return server.hover(params)

    return server


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gradlint server", description="Run the gradlint language server over stdio."
    )
    parser.add_argument(
        "--debounce-ms",
        type=int,
        default=100,
        metavar="MS",
        help="lint a changed document once no change has come for MS milliseconds (default: 100)",
    )
    args = parser.parse_args(argv)
    build(args.debounce_ms / 1000).start_io()
    return 0
