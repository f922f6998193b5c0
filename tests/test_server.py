"""`gradlint server` driven by an LSP client over its stdio, as an editor drives it:
initialize, didOpen, publishDiagnostics, codeAction, hover, didChange, didSave,
notebook documents, shutdown and exit."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import console_script
from tests.lsp_client import LspClient
from tests.test_cli import FLAGGED, WITH_CLASS, write

LEAF = "import torch\n\nw = torch.ones(3, requires_grad=True)\nw.add_(1)\n"
#: a sitecustomize under which libcst refuses everything: code that Python accepts and
#: gradlint cannot read
REFUSE_TO_PARSE = (
    "import gradlint.source as s\n"
    "def refuse(text, *args, **kwargs):\n"
    "    raise RecursionError\n"
    "s.cst.parse_module = refuse\n"
)


def test_without_the_server_extra_the_command_says_what_to_install(tmp_path):
    code = (
        "import sys; sys.modules['pygls'] = None; from gradlint.cli import main; sys.exit(main(['server']))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("gradlint: error: `gradlint server` needs pygls (")
    assert result.stderr.endswith("pip install 'torch-gradlint[server]'\n")


@pytest.fixture
def client(tmp_path):
    pytest.importorskip("pygls", reason="the `server` extra (pip install -e '.[test]' brings it)")
    running = LspClient([console_script(), "server", "--debounce-ms", "50"], cwd=tmp_path)
    try:
        capabilities = running.initialize(tmp_path)["capabilities"]
        assert capabilities["codeActionProvider"] and capabilities["hoverProvider"]
        assert capabilities["notebookDocumentSync"]["notebookSelector"][0]["cells"] == [
            {"language": "python"}
        ]
        yield running
        assert running.shutdown() == 0, running.process.stderr.read().decode()  # type: ignore[union-attr]
    finally:
        running.close()


def open_file(client: LspClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    item = {
        "uri": uri,
        "languageId": "python",
        "version": 1,
        "text": path.read_text() if text is None else text,
    }
    client.notify("textDocument/didOpen", {"textDocument": item})
    return uri


def span(line: int, start: int, end: int) -> dict:
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def actions(client: LspClient, uri: str, diagnostics: list[dict]) -> list[dict]:
    return client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": diagnostics[0]["range"],
            "context": {"diagnostics": diagnostics},
        },
    )


def test_open_actions_hover_change(client, tmp_path):
    uri = open_file(client, write(tmp_path, "train.py", FLAGGED))
    (diagnostic,) = client.diagnostics(uri)
    assert diagnostic["range"] == span(4, 4, 19)
    assert (diagnostic["code"], diagnostic["source"], diagnostic["severity"]) == ("GL107", "gradlint", 1)
    assert diagnostic["codeDescription"]["href"] == "https://github.com/gradlint/gradlint#gl107"
    assert diagnostic["message"].startswith("`torch.no_grad()` as a statement")

    (noqa,) = actions(client, uri, [diagnostic])
    assert noqa["title"] == "GL107: disable for this line (`# noqa: GL107`)"
    assert noqa["edit"]["changes"][uri] == [
        {"range": span(4, 0, 19), "newText": "    torch.no_grad()  # noqa: GL107"}
    ]

    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 10}}
    )
    assert hover["contents"]["kind"] == "markdown"
    assert hover["contents"]["value"].startswith("# no-grad-not-entered (GL107)")
    assert "## Runtime behaviour" in hover["contents"]["value"]
    nothing = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}
    )
    assert nothing is None

    # the user applies the noqa action: the next diagnostics are empty (after the debounce)
    change = {"range": span(4, 0, 19), "text": "    torch.no_grad()  # noqa: GL107"}
    client.notify(
        "textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}
    )
    _, published = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
    assert published == {"uri": uri, "diagnostics": [], "version": 2}
    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 33}}
    )
    assert hover["contents"]["value"].startswith(
        "# no-grad-not-entered (GL107)"
    )  # over the code in the comment


def test_changes_are_debounced(client, tmp_path):
    uri = open_file(client, write(tmp_path, "train.py", FLAGGED))
    client.diagnostics(uri)
    for version in range(2, 7):  # typing: five changes in quick succession, one lint
        change = {"range": span(5, 11, 11), "text": " "}
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
    _, published = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
    assert published["version"] == 6
    time.sleep(0.3)
    assert client.notifications.empty()


def test_fix_actions_safe_and_unsafe(client, tmp_path):
    uri = open_file(client, write(tmp_path, "eval.py", WITH_CLASS))
    diagnostics = client.diagnostics(uri)
    fix, noqa = actions(client, uri, diagnostics)
    assert fix["title"] == "GL107: Call it: `torch.no_grad()`" and fix["isPreferred"] is True
    assert fix["edit"]["changes"][uri] == [{"range": span(2, 18, 18), "newText": "()"}]
    assert noqa["title"].endswith("(`# noqa: GL107`)")

    uri = open_file(client, write(tmp_path, "leaf.py", LEAF))
    diagnostics = client.diagnostics(uri)
    fix, _ = actions(client, uri, diagnostics)
    assert fix["title"] == "GL101: Wrap the update in `with torch.no_grad():` (unsafe fix)"
    assert fix["isPreferred"] is False
    assert fix["edit"]["changes"][uri] == [
        {
            "range": {"start": {"line": 3, "character": 0}, "end": {"line": 4, "character": 0}},
            "newText": "with torch.no_grad():\n    w.add_(1)\n",
        }
    ]


def test_settings_per_file_and_reloaded_on_save(client, tmp_path):
    config = write(tmp_path, "lib/pyproject.toml", '[tool.gradlint]\nignore = ["GL107"]\n')
    uri = open_file(client, write(tmp_path, "lib/src/train.py", FLAGGED))
    assert client.diagnostics(uri) == []
    other = open_file(client, write(tmp_path, "app/train.py", FLAGGED))
    assert [d["code"] for d in client.diagnostics(other)] == ["GL107"]
    config.write_text("[tool.gradlint]\n")
    client.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
    _, published = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
    assert [d["code"] for d in published["diagnostics"]] == ["GL107"]


def test_deeply_nested_code_is_linted(client, tmp_path):
    """The server lints in its own process, with the deep stack the workers of the
    command line have (at Python's default recursion limit this code is a RecursionError)."""
    nested = "torch.exp(" * 150 + "w" + ")" * 150
    uri = open_file(client, write(tmp_path, "deep.py", f"{LEAF}z = {nested}\n"))
    assert [d["code"] for d in client.diagnostics(uri)] == ["GL101"]


def test_code_gradlint_cannot_read_is_logged_not_an_internal_error(tmp_path, monkeypatch):
    pytest.importorskip("pygls", reason="the `server` extra (pip install -e '.[test]' brings it)")
    write(tmp_path, "plugins/sitecustomize.py", REFUSE_TO_PARSE)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "plugins"))
    running = LspClient([console_script(), "server", "--debounce-ms", "50"], cwd=tmp_path)
    try:
        running.initialize(tmp_path)
        uri = open_file(running, write(tmp_path, "train.py", FLAGGED))
        _, logged = running.wait_for("window/logMessage")
        assert logged["message"] == (
            f"gradlint: {tmp_path / 'train.py'}: not checked: too deeply nested for libcst to parse"
        )
        assert logged["type"] == 2  # a warning
        assert running.diagnostics(uri) == []
        assert running.shutdown() == 0
        assert b"Traceback" not in running.process.stderr.read()  # type: ignore[union-attr]
    finally:
        running.close()


def test_a_broken_configuration_is_shown_not_fatal(client, tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.gradlint]\nselect = ["GL9"]\n')
    uri = open_file(client, write(tmp_path, "train.py", FLAGGED))
    _, shown = client.wait_for("window/showMessage")
    assert shown["type"] == 1 and "unknown rule selector `GL9`" in shown["message"]
    write(tmp_path, "pyproject.toml", "[tool.gradlint]\n")
    client.notify("textDocument/didSave", {"textDocument": {"uri": (tmp_path / "pyproject.toml").as_uri()}})
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert [d["code"] for d in client.diagnostics(uri)] == ["GL107"]


def test_notebook_documents(client, tmp_path):
    notebook_uri = (tmp_path / "nb.ipynb").as_uri()
    texts = [
        ("markdown", "# Training"),
        ("python", "!pip install torch\nimport torch\nx = torch.ones(3, requires_grad=True)\ny = x.exp()"),
        ("python", "y.add_(1)\ny.sum().backward()"),
    ]
    cells = [f"{notebook_uri}#cell{index}" for index in range(len(texts))]
    client.notify(
        "notebookDocument/didOpen",
        {
            "notebookDocument": {
                "uri": notebook_uri,
                "notebookType": "jupyter-notebook",
                "version": 1,
                "cells": [
                    {"kind": 1 if language == "markdown" else 2, "document": cell}
                    for (language, _), cell in zip(texts, cells)
                ],
            },
            "cellTextDocuments": [
                {"uri": cell, "languageId": language, "version": 1, "text": text}
                for (language, text), cell in zip(texts, cells)
            ],
        },
    )
    published = {}
    while len(published) < 2:
        _, params = client.wait_for("textDocument/publishDiagnostics")
        published[params["uri"]] = params["diagnostics"]
    assert published[cells[1]] == []
    (diagnostic,) = published[cells[2]]
    assert diagnostic["code"] == "GL102" and diagnostic["range"] == span(0, 0, 9)
    assert "(line 4 of cell 2)" in diagnostic["message"]
    (noqa,) = actions(client, cells[2], [diagnostic])  # GL102 has no fix
    assert noqa["edit"]["changes"][cells[2]] == [
        {"range": span(0, 0, 9), "newText": "y.add_(1)  # noqa: GL102"}
    ]

    change = {
        "document": {"uri": cells[2], "version": 2},
        "changes": [{"text": "y = y + 1\ny.sum().backward()"}],
    }
    client.notify(
        "notebookDocument/didChange",
        {
            "notebookDocument": {"uri": notebook_uri, "version": 2},
            "change": {"cells": {"textContent": [change]}},
        },
    )
    _, params = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == cells[2])
    assert params["diagnostics"] == []


def lint_latency(client: LspClient, uri: str, rounds: int) -> float:
    """The median time from didSave to its publishDiagnostics, in seconds."""
    times = []
    for _ in range(rounds):
        sent = time.perf_counter()
        client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        arrived, _ = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
        times.append(arrived - sent)
    return statistics.median(times)


def test_warm_diagnostics_on_a_small_file_are_fast(client, tmp_path):
    """The issue's bar: well under 100 ms once warm (the CLI pays ~0.3 s to start)."""
    uri = open_file(client, write(tmp_path, "train.py", FLAGGED))
    client.diagnostics(uri)
    assert lint_latency(client, uri, 10) < 0.1


def long_module(lines: int = 2000) -> str:
    """A training module of about ``lines`` lines: trainers, helpers and loops, each
    copy with its own names, one finding per copy."""
    block = '''

class Trainer{n}:
    """Trains one model with AMP-free SGD; evaluates without a graph."""

    def __init__(self, model: nn.Module, lr: float = 0.1) -> None:
        self.model = model
        self.optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        self.history: list = []

    def step(self, x, y) -> float:
        self.optimizer.zero_grad()
        loss = nn.functional.cross_entropy(self.model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.optimizer.step()
        return loss.item()

    def epoch(self, loader) -> float:
        total = 0.0
        for x, y in loader:
            total += self.step(x, y)
        self.history.append(total)
        return total

    def evaluate(self, loader) -> float:
        self.model.eval()
        torch.no_grad()
        correct = 0
        for x, y in loader:
            correct += (self.model(x).argmax(-1) == y).sum().item()
        return correct / max(len(loader), 1)


def build_{n}(width: int = 16) -> nn.Module:
    layers = [nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 2)]
    model = nn.Sequential(*layers)
    for module in model.modules():
        if isinstance(module, nn.Linear):
            nn.init.zeros_(module.bias)
    return model
'''
    text = "import torch\nfrom torch import nn\n"
    n = 0
    while text.count("\n") < lines:
        text += block.format(n=n)
        n += 1
    return text


def test_warm_diagnostics_on_a_2000_line_file(client, tmp_path):
    text = long_module()
    uri = open_file(client, write(tmp_path, "long.py", text))
    diagnostics = client.diagnostics(uri)
    assert len(diagnostics) == text.count("torch.no_grad()")
    assert lint_latency(client, uri, 3) < 5  # measured: see `python -m tests.test_server`


def measure() -> None:
    """`python -m tests.test_server`: the warm latency of diagnostics (didSave to
    publishDiagnostics, median) on a small file and a 2,000-line file, and the
    debounced didChange round trip on the small file."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        client = LspClient([console_script(), "server"], cwd=root)
        try:
            client.initialize(root)
            for name, text, rounds in (("small.py", FLAGGED, 50), ("long.py", long_module(), 10)):
                uri = open_file(client, write(root, name, text))
                client.diagnostics(uri)
                lines = text.count("\n")
                print(
                    f"{name}: {lines} lines, warm didSave -> diagnostics: {lint_latency(client, uri, rounds) * 1000:.1f} ms"
                )
            uri = (root / "small.py").as_uri()
            times = []
            for version in range(2, 12):
                sent = time.perf_counter()
                change = {"range": span(5, 11, 11), "text": " "}
                client.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
                )
                arrived, _ = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
                times.append(arrived - sent)
            print(
                f"small.py: didChange -> diagnostics (100 ms debounce included): {statistics.median(times) * 1000:.1f} ms"
            )
            client.shutdown()
        finally:
            client.close()


if __name__ == "__main__":
    measure()
