"""The parent side of the harness: run fixtures, compare runtime with the marks and
with the linter, line for line. Nothing here imports torch.

For each fixture and device, the fixture is run in a fresh process (a fork of a
torch-loaded server on CPU; a new interpreter on CUDA). Each marked finding must be
confirmed by one of its rule's oracles at its line; anything else the run shows (an
exception, an autograd warning, an oracle event) that no mark explains is a
disagreement. A second, traced run (saved-tensor hooks) is made when a saved-tensor
oracle needs to locate a mutation.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from gradlint.fixtures import Fixture
from gradlint.linter import lint_text
from gradlint.oracles import (
    ExceptionAtLine,
    GradientsDiscarded,
    GradModeObjectNotEntered,
    GraphAccumulated,
    GraphCut,
    LeafCopyUsedAsLeaf,
    LeafReboundThenUsedAsLeaf,
    NonleafGradRead,
    Oracle,
    SavedTensorMutated,
    StaleGradients,
    WarningAtLine,
)
from gradlint.rules import BY_CODE, CHECKS

MODIFIED_INPLACE = "modified by an inplace operation"
_AUTOGRAD_WARNING = re.compile(r"grad|backward|leaf|in-?place|autograd", re.IGNORECASE)


def oracles_of(code: str) -> tuple[Oracle, ...]:
    oracle = BY_CODE[code].oracle
    if oracle is None:
        return ()
    return oracle if isinstance(oracle, tuple) else (oracle,)


@dataclass
class Verdict:
    fixture: Fixture
    device: str
    torch: str = "?"
    static: str = ""
    runtime: str = ""
    agree: bool | None = None  # None: not applicable on this device
    problems: list[str] = field(default_factory=list)

    def row(self) -> list[str]:
        agree = "n/a" if self.agree is None else ("yes" if self.agree else "NO")
        return [
            self.fixture.code,
            self.fixture.id.split("/", 1)[1],
            self.device,
            self.torch,
            self.static,
            self.runtime,
            agree,
        ]


def _at(event: dict, line: int) -> bool:
    return event.get("line") == line or line in event.get("stack", ())


# -------------------------------------------- non-leaf .grad, names and graphs (GL105, GL106, GL109)

NONLEAF_GRAD_WARNING = "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed"
_NOT_A_LEAF_PARAMETER = "can't optimize a non-leaf Tensor"


def _nonleaf_grad_read(line: int, plain: dict) -> set[int]:
    """torch's non-leaf ``.grad`` warnings at ``line`` and, with them, the exception
    raised there by using the ``None`` that ``.grad`` returned."""
    explained = {
        id(w)
        for w in plain["warnings"]
        if w["line"] == line and w["category"] == "UserWarning" and NONLEAF_GRAD_WARNING in w["message"]
    }
    exception = plain.get("exception")
    if (
        explained
        and exception
        and exception["line"] == line
        and exception["type"] in ("TypeError", "AttributeError")
        and "NoneType" in exception["message"]
    ):
        explained.add(id(exception))
    return explained


def _consequence_shown(consequence: dict, plain: dict) -> tuple[bool, set[int]]:
    """Whether the run shows one consequence of a rebound leaf, and the observations
    (warnings, the exception) that it explains."""
    line = consequence["line"]
    if consequence["kind"] == "never-updated":  # measured by the child at the end of the run
        return True, set()
    if consequence["kind"] == "optimized":
        exception = plain.get("exception")
        refused = bool(
            exception
            and exception["line"] == line
            and exception["type"] == "ValueError"
            and _NOT_A_LEAF_PARAMETER in exception["message"]
        )
        return refused, {id(exception)} if refused else set()
    read = _nonleaf_grad_read(line, plain)
    return bool(read), read


def _confirms_leaf_rebound(line: int, plain: dict) -> set[int]:
    explained: set[int] = set()
    for event in plain["events"]:
        if event["oracle"] == "leaf-rebound" and event["line"] == line:
            shown = [_consequence_shown(consequence, plain) for consequence in event["consequences"]]
            if any(seen for seen, _ in shown):
                explained.add(id(event))
                for _, observations in shown:
                    explained |= observations
    return explained


def _confirms_graph_accumulated(line: int, plain: dict) -> set[int]:
    return {id(e) for e in plain["events"] if e["oracle"] == "graph-accumulated" and e["line"] == line}


def confirms(oracle: Oracle, line: int, plain: dict, traced: dict | None) -> set[int]:
    """Whether ``oracle`` sees its symptom at ``line``; returns the ids of the
    observations (events, the exception, warnings) that the confirmation explains."""
    explained: set[int] = set()
    exception = plain.get("exception")
    if isinstance(oracle, ExceptionAtLine):
        if (
            exception
            and exception["line"] == line
            and exception["type"] in oracle.types
            and re.search(oracle.pattern, exception["message"])
        ):
            explained.add(id(exception))
    elif isinstance(oracle, GradModeObjectNotEntered):
        for event in plain["events"]:
            if (
                event["oracle"] == "grad-mode-not-entered"
                and event["line"] == line
                and event["mode_unchanged"]
            ):
                explained.add(id(event))
    elif isinstance(oracle, WarningAtLine):
        for warning in plain["warnings"]:
            if (
                warning["line"] == line
                and warning["category"] in oracle.categories
                and re.search(oracle.pattern, warning["message"])
            ):
                explained.add(id(warning))
    elif isinstance(oracle, SavedTensorMutated):
        if (
            exception
            and exception["type"] == "RuntimeError"
            and MODIFIED_INPLACE in exception["message"]
            and traced
        ):
            if any(e["oracle"] == "saved-mutated" and _at(e, line) for e in traced["events"]):
                explained.add(id(exception))
    elif isinstance(oracle, NonleafGradRead):
        explained |= _nonleaf_grad_read(line, plain)
    elif isinstance(oracle, LeafReboundThenUsedAsLeaf):
        explained |= _confirms_leaf_rebound(line, plain)
    elif isinstance(oracle, GraphAccumulated):
        explained |= _confirms_graph_accumulated(line, plain)
    elif isinstance(oracle, LeafCopyUsedAsLeaf):
        explained |= _confirms_leaf_copy_used(line, plain)
    elif isinstance(oracle, GraphCut):
        explained |= _confirms_graph_cut(line, plain)
    elif isinstance(oracle, GradientsDiscarded):
        explained.update(id(e) for e in plain["events"] if e["oracle"] == "grads-discarded" and _at(e, line))
    elif isinstance(oracle, StaleGradients):
        if oracle.at == "step":
            hits = [
                e
                for e in plain["events"]
                if e["oracle"] == "stale-gradients" and e["kind"] == "leaked" and _at(e, line)
            ]
            explained.update(id(e) for e in hits)
        else:
            hits = [e for e in plain["events"] if e["oracle"] == "grads-cleared" and _at(e, line)]
            if hits:
                explained.update(id(e) for e in hits)
                explained.update(
                    id(e)
                    for e in plain["events"]
                    if e["oracle"] == "stale-gradients" and e["kind"] == "cleared"
                )
    return explained


NON_LEAF_GRAD = "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed"
NON_LEAF_OPTIMIZED = "can't optimize a non-leaf Tensor"


def _confirms_leaf_copy_used(line: int, plain: dict) -> set[int]:
    """A copy made at ``line`` and used as the leaf; explains what that use raised or
    warned at the line where it happened: the optimizer's refusal, the non-leaf
    ``.grad`` warning, and the error of computing with the None it returned."""
    hits = [
        e
        for e in plain["events"]
        if e["oracle"] == "leaf-copy-used" and (e["copied_at"] == line or line in e["copied_stack"])
    ]
    explained = {id(e) for e in hits}
    exception = plain.get("exception")
    for event in hits:
        for warning in plain["warnings"]:
            if (
                event["how"] == "grad-read"
                and warning["line"] == event["line"]
                and NON_LEAF_GRAD in warning["message"]
            ):
                explained.add(id(warning))
        if exception and exception["line"] == event["line"]:
            refused = event["how"] == "optimizer" and exception["type"] == "ValueError"
            refused = refused and NON_LEAF_OPTIMIZED in exception["message"]
            used_none = event["how"] == "grad-read" and exception["type"] in ("TypeError", "AttributeError")
            if refused or (used_none and "NoneType" in exception["message"]):
                explained.add(id(exception))
    return explained


def _confirms_graph_cut(line: int, plain: dict) -> set[int]:
    """A graph cut at ``line``; explains torch's warnings about that copy at the line."""
    hits = [e for e in plain["events"] if e["oracle"] == "graph-cut" and e["line"] == line]
    explained = {id(e) for e in hits}
    if hits:
        explained.update(
            id(w)
            for w in plain["warnings"]
            if w["line"] == line
            and re.search(
                r"To copy construct from a tensor|Converting a tensor with requires_grad=True", w["message"]
            )
        )
    return explained


def describe(plain: dict, traced: dict | None) -> str:
    if plain.get("timeout"):
        return "timed out"
    if plain.get("crashed"):
        return f"crashed ({plain['crashed']})"
    parts = []
    exception = plain.get("exception")
    if exception:
        message = exception["message"].splitlines()[0][:60] if exception["message"] else ""
        parts.append(f"{exception['type']} at L{exception['line']}: {message}")
    seen = set()
    for event in plain["events"] + (traced["events"] if traced and exception else []):
        label = {
            "grad-mode-not-entered": "guard never entered",
            "stale-gradients": f"stale grads ({event.get('kind')}) at step",
            "grads-cleared": "fresh grads cleared",
            "grads-discarded": f"backward L{event.get('backward', ['?'])[0]}'s grads discarded at",
            "saved-mutated": "saved tensor mutated",
            "leaf-rebound": "leaf rebound, then used as the leaf",
            "graph-accumulated": f"graph kept by a running total ({'/'.join(map(str, event.get('nodes', [])))} nodes)",
            "leaf-copy-used": f"copy of a leaf ({event.get('how')}, made at L{event.get('copied_at')}) at",
            "graph-cut": "graph cut by a copy",
        }[event["oracle"]]
        text = f"{label} L{event['line']}"
        if text not in seen:
            seen.add(text)
            parts.append(text)
    for warning in plain["warnings"]:
        parts.append(f"{warning['category']} at L{warning['line']}")
    return "; ".join(parts) if parts else "ran clean"


def judge(
    fixture: Fixture, findings: set[tuple[int, str]], plain: dict, traced: dict | None, device: str
) -> Verdict:
    verdict = Verdict(fixture, device, torch=plain.get("torch", "?"))
    verdict.static = ", ".join(f"L{line} {code}" for line, code in sorted(findings)) or "clean"
    if findings != fixture.expected:
        verdict.problems.append(
            f"the linter reports {sorted(findings)} but the marks say {sorted(fixture.expected)}"
        )
    verdict.runtime = describe(plain, traced)
    if "cuda-only" in fixture.flags and device != "cuda":
        verdict.runtime = f"not applicable on {device}"
        verdict.agree = None if not verdict.problems else False
        return verdict
    if plain.get("timeout") or plain.get("crashed"):
        verdict.problems.append(f"the run {verdict.runtime}: {plain.get('output', '')[-300:]}")
    explained: set[int] = set()
    for line, code in sorted(fixture.expected):
        hits: set[int] = set()
        for oracle in oracles_of(code):
            hits |= confirms(oracle, line, plain, traced)
        if not hits:
            verdict.problems.append(f"line {line}: no {code} symptom at runtime ({verdict.runtime})")
        explained |= hits
    exception = plain.get("exception")
    if exception and id(exception) not in explained:
        verdict.problems.append(
            f"unexpected {exception['type']} at line {exception['line']}: {exception['message'][:200]}"
        )
    for event in plain.get("events", []):
        if id(event) not in explained:
            verdict.problems.append(f"unexpected {event['oracle']} at line {event['line']}")
    for warning in plain.get("warnings", []):
        if id(warning) not in explained and _AUTOGRAD_WARNING.search(warning["message"]):
            verdict.problems.append(
                f"unexpected {warning['category']} at line {warning['line']}: {warning['message'][:200]}"
            )
    if not plain.get("completed") and not exception and not verdict.problems:
        verdict.problems.append("the fixture did not run to its end")
    verdict.agree = not verdict.problems
    return verdict


class Harness:
    """Runs fixtures; one per call of :meth:`check`. Use as a context manager."""

    def __init__(self, python: str = sys.executable, timeout: int = 60) -> None:
        self.python = python
        self.timeout = timeout
        self._server: subprocess.Popen | None = None
        self._cuda: bool | None = None

    def __enter__(self) -> Harness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._server is not None:
            self._server.stdin.close()  # type: ignore[union-attr]
            self._server.wait(timeout=30)
            self._server = None

    def devices(self) -> list[str]:
        if self._cuda is None:
            probe = subprocess.run(
                [self.python, "-c", "import torch; print(torch.cuda.is_available())"],
                capture_output=True,
                text=True,
                timeout=300,
            )
            self._cuda = probe.stdout.strip().endswith("True")
        return ["cpu", "cuda"] if self._cuda else ["cpu"]

    def _env(self, device: str) -> dict:
        env = dict(os.environ)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        if device == "cpu":
            env["CUDA_VISIBLE_DEVICES"] = ""
        return env

    def observe(self, path: Path, device: str, traced: bool = False) -> dict:
        if device == "cpu" and hasattr(os, "fork"):
            return self._via_server(path, traced)
        return self._via_process(path, device, traced)

    def _via_server(self, path: Path, traced: bool) -> dict:
        if self._server is None:
            self._server = subprocess.Popen(
                [self.python, "-m", "gradlint.verify.server"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=self._env("cpu"),
                text=True,
            )
        request = {"fixture": str(path.resolve()), "traced": traced, "timeout": self.timeout}
        self._server.stdin.write(json.dumps(request) + "\n")  # type: ignore[union-attr]
        self._server.stdin.flush()  # type: ignore[union-attr]
        answer = self._server.stdout.readline()  # type: ignore[union-attr]
        if not answer:
            raise RuntimeError("the harness's fork server stopped")
        return json.loads(answer)

    def _via_process(self, path: Path, device: str, traced: bool) -> dict:
        with tempfile.TemporaryDirectory() as scratch:
            result = Path(scratch) / "result.json"
            command = [self.python, "-m", "gradlint.verify.observe", str(path.resolve()), str(result)]
            if traced:
                command.append("--traced")
            try:
                done = subprocess.run(
                    command, capture_output=True, env=self._env(device), timeout=self.timeout
                )
            except subprocess.TimeoutExpired:
                return {"timeout": True, "events": [], "warnings": []}
            output = (done.stdout + done.stderr)[-4000:].decode("utf-8", "replace")
            if not result.exists():
                return {
                    "crashed": f"exit status {done.returncode}",
                    "output": output,
                    "events": [],
                    "warnings": [],
                }
            answer = json.loads(result.read_text(encoding="utf-8"))
            answer["output"] = output
            return answer

    def check(self, fixture: Fixture, device: str) -> Verdict:
        findings = {(f.start.line, f.code) for f in lint_text(fixture.text, str(fixture.path), CHECKS)}
        plain = self.observe(fixture.path, device)
        plain.setdefault("events", [])
        plain.setdefault("warnings", [])
        traced = None
        exception = plain.get("exception") or {}
        needs_trace = any(
            isinstance(o, SavedTensorMutated) for _, code in fixture.expected for o in oracles_of(code)
        ) or MODIFIED_INPLACE in exception.get("message", "")
        if needs_trace:
            traced = self.observe(fixture.path, device, traced=True)
            traced.setdefault("events", [])
        return judge(fixture, findings, plain, traced, device)


def table(verdicts: list[Verdict]) -> str:
    header = ["rule", "fixture", "device", "torch", "static", "runtime", "agree"]
    rows = [header] + [v.row() for v in verdicts]
    widths = [min(max(len(r[i]) for r in rows), 60) for i in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell if len(cell) <= widths[i] else cell[: widths[i] - 1] + "…" for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(cells)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
