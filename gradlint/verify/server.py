"""A fork server for CPU runs: torch is imported once, then each fixture runs in a
forked child, a fresh process that starts from a pristine interpreter with torch
loaded. Requests and answers are JSON lines on stdin and stdout.

Started with ``CUDA_VISIBLE_DEVICES=""``: the CPU runs must not see a GPU (and CUDA
must never be initialised before a fork).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile


def _run_child(request: dict, result_path: str, output_path: str) -> None:
    signal.alarm(int(request.get("timeout", 30)))
    with open(output_path, "wb") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
    from gradlint.verify import observe  # already loaded by the server

    observation = observe.run(request["fixture"], traced=bool(request.get("traced")))
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(observation, handle)


def serve() -> None:
    import warnings

    warnings.simplefilter("ignore")
    from gradlint.verify import observe

    observe.warm_up()  # torch and its lazily loaded parts, shared by every fork

    answers = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        with tempfile.TemporaryDirectory() as scratch:
            result_path = os.path.join(scratch, "result.json")
            output_path = os.path.join(scratch, "output.txt")
            answers.flush()
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    _run_child(request, result_path, output_path)
                except BaseException:  # noqa: BLE001 - the parent reads what is missing
                    import traceback

                    traceback.print_exc()
                    code = 3
                finally:
                    os._exit(code)
            _, status = os.waitpid(pid, 0)
            answer = _answer(status, result_path, output_path)
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def _answer(status: int, result_path: str, output_path: str) -> dict:
    output = ""
    if os.path.exists(output_path):
        with open(output_path, "rb") as handle:
            output = handle.read()[-4000:].decode("utf-8", "replace")
    if os.WIFSIGNALED(status):
        signal_number = os.WTERMSIG(status)
        if signal_number == signal.SIGALRM:
            return {"timeout": True, "output": output}
        return {"crashed": f"killed by signal {signal_number}", "output": output}
    if not os.path.exists(result_path):
        return {"crashed": f"exit status {os.WEXITSTATUS(status)}", "output": output}
    with open(result_path, encoding="utf-8") as handle:
        answer = json.load(handle)
    answer["output"] = output
    return answer


if __name__ == "__main__":
    serve()
