"""A minimal Language Server Protocol client: JSON-RPC over a subprocess's stdio, as an
editor speaks it (Content-Length framing, requests with ids, notifications)."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


class LspClient:
    def __init__(self, command: Sequence[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            list(command), cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self._next_id = 0
        self._responses: dict[int, queue.Queue] = {}
        self.notifications: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # ------------------------------------------------------------ wire

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        with self._lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            message = json.loads(stream.read(length))
            if "id" in message and "method" not in message:
                self._responses.setdefault(message["id"], queue.Queue()).put(message)
            elif "id" in message:  # a request from the server (e.g. workspace/configuration)
                self._send({"id": message["id"], "result": None})
            else:
                self.notifications.put((time.perf_counter(), message))

    # ------------------------------------------------------------ API

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        self._next_id += 1
        ident = self._next_id
        box = self._responses.setdefault(ident, queue.Queue())
        self._send({"id": ident, "method": method, "params": params})
        response = box.get(timeout=timeout)
        assert "error" not in response, response["error"]
        return response.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def wait_for(
        self, method: str, match: Callable[[dict], bool] = lambda params: True, timeout: float = 30
    ) -> tuple[float, dict]:
        """The next notification ``method`` whose params ``match`` (others are dropped),
        and when it arrived (``time.perf_counter``)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {method} within {timeout} s")
            arrived, message = self.notifications.get(timeout=remaining)
            if message.get("method") == method and match(message["params"]):
                return arrived, message["params"]

    def diagnostics(self, uri: str, timeout: float = 30) -> list[dict]:
        _, params = self.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri, timeout)
        return params["diagnostics"]

    def initialize(self, root: Path) -> dict:
        result = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {
                    "textDocument": {"publishDiagnostics": {}, "codeAction": {}, "hover": {}},
                    "notebookDocument": {"synchronization": {}},
                },
            },
        )
        self.notify("initialized", {})
        return result

    def shutdown(self, timeout: float = 30) -> int:
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
