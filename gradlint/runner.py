"""Linting many files: worker processes, a time and memory budget for each file, the
cache, and results in the order the files were given.

The analysis is pure Python, so parallelism means processes. Each file is checked in a
worker (with ``--jobs 1`` too), which keeps the budget: a worker over its time or memory
budget is stopped, the file is named in one line, and a fresh worker takes the next
file. Workers run with a large stack and recursion limit (deeply nested code recurses
deeply in libcst and in the analysis) and ignore Ctrl-C, which the parent handles.

The parent reads the files (the cache needs their bytes, and a file that changes while
it is fixed must be noticed), asks the cache, and hands the rest to the workers.
Results come back in the order of the tasks, whatever order the workers finish in, so
the output of a parallel run is the output of a serial one.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, TextIO, TypeVar

from gradlint import filecheck, fixer, notebook, source
from gradlint.deepstack import with_deep_stack
from gradlint.filecheck import FileJob, FileResult

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from gradlint.cache import Cache

try:
    import resource
except ImportError:  # pragma: no cover - Windows: wall-clock budget only
    resource = None  # type: ignore[assignment]

T = TypeVar("T")
#: the wall-clock backstop, for a worker the CPU limit cannot stop: this many times its
#: budget, plus a margin. Generous where the CPU limit works: on a loaded machine (a CI
#: runner with other jobs) a file gets a fraction of a core, and the wall clock runs ahead
_WALL_FACTOR, _WALL_MARGIN = (10.0, 60.0) if resource is not None else (2.0, 10.0)
_PROGRESS_AFTER, _PROGRESS_EVERY = 2.0, 0.1


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Budget:
    """What one file may cost: CPU seconds per 1,000 lines (a shorter file gets as much
    as 1,000 lines), and memory on top of what the worker held before the file."""

    seconds: float = 5.0
    memory_mb: int = 4096

    def seconds_for(self, data: bytes) -> float:
        lines = max(data.count(b"\n"), data.count(b"\r"))
        return self.seconds * max(lines, 1000) / 1000


@dataclass(frozen=True)
class Task:
    path: str
    codes: tuple[str, ...]  # the rules that apply to it
    data: bytes | None = None  # given (stdin); None: read the file


@dataclass
class Options:
    jobs: int = 1
    budget: Budget = field(default_factory=Budget)
    fix: bool = False
    unsafe: bool = False
    add_noqa: bool = False
    verbose: bool = False
    progress: TextIO | None = None  # where to show files done / total (a terminal)


def run(
    tasks: Sequence[Task], options: Options, cache: Cache | None = None
) -> Iterator[tuple[Task, bytes, FileResult]]:
    """Each task with the bytes read and its result, in the order of ``tasks``."""
    pool = _Pool(options)
    progress = _Progress(len(tasks), options.progress)
    done: dict[int, tuple[bytes, FileResult]] = {}
    pending = iter(enumerate(tasks))
    following = 0
    try:
        exhausted = False
        while following < len(tasks):
            # keep every worker busy; settle what the cache or a read error decides at once
            while not exhausted and pool.has_room():
                item = next(pending, None)
                if item is None:
                    exhausted = True
                    break
                index, task = item
                settled = _prepare(task, options, cache, pool, index)
                if settled is not None:
                    done[index] = settled
                    progress.advance()
                if following in done:
                    break  # hand out what is ready before reading more
            for index, job, result in pool.collect(block=following not in done):
                if cache is not None and result.cacheable:
                    cache.put(job.path, job.data, job.codes, result)
                done[index] = (job.data, result)
                progress.advance()
            while following in done:
                data, result = done.pop(following)
                yield tasks[following], data, result
                following += 1
    finally:
        pool.close()
        progress.close()


def _prepare(
    task: Task, options: Options, cache: Cache | None, pool: _Pool, index: int
) -> tuple[bytes, FileResult] | None:
    """Read the task's file; the result when it is already known (a read error, the
    cache), else None after handing the job to a worker."""
    if task.data is not None:
        data = task.data
    else:
        try:
            data = source.read(task.path)
        except OSError as exc:
            return b"", FileResult(problem=f"cannot read: {exc.strerror or exc}")
    if cache is not None and task.data is None:
        hit = cache.get(task.path, data, task.codes)
        if hit is not None and _enough(hit, task, options):
            return data, hit
    job = FileJob(task.path, data, task.codes, options.fix, options.unsafe, options.verbose, options.add_noqa)
    pool.submit(index, job)
    return None


def _enough(hit: FileResult, task: Task, options: Options) -> bool:
    """Whether a cached result is all this run needs: nothing in it to fix or to
    comment. A notebook's cached findings carry no fix that crosses its cells, which
    --fix still makes to its program: with findings, it is checked again."""
    if options.add_noqa or (options.fix and notebook.is_notebook(task.path)):
        return not hit.findings
    return not (options.fix and fixer.applicable(hit.findings, options.unsafe))


# ---------------------------------------------------------------------- workers


class _Worker:
    def __init__(self, context: BaseContext, options: Options) -> None:
        parent_end, child_end = context.Pipe()
        self.process = context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(child_end, options.budget.memory_mb, options.verbose),
            name="gradlint-worker",
            daemon=True,
        )
        self.process.start()
        child_end.close()
        self.connection: Connection = parent_end
        self.task: tuple[int, FileJob, float, float] | None = None  # index, job, budget, wall deadline
        self.killed_for_time = False

    def give(self, index: int, job: FileJob, budget: Budget) -> None:
        seconds = budget.seconds_for(job.data)
        self.connection.send((job, seconds))
        self.task = (index, job, seconds, time.monotonic() + seconds * _WALL_FACTOR + _WALL_MARGIN)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


class _Pool:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.size = max(1, options.jobs)
        self.workers: list[_Worker] = []
        self.queue: list[tuple[int, FileJob]] = []
        self._context: BaseContext | None = None

    def has_room(self) -> bool:
        """Whether a job handed in now would start at once."""
        busy = sum(1 for w in self.workers if w.task is not None)
        return busy + len(self.queue) < self.size

    def submit(self, index: int, job: FileJob) -> None:
        self.queue.append((index, job))
        self._dispatch()

    def _dispatch(self) -> None:
        while self.queue:
            idle = next((w for w in self.workers if w.task is None), None)
            if idle is None and len(self.workers) < self.size:
                idle = _Worker(self._context_(), self.options)
                self.workers.append(idle)
            if idle is None:
                return
            index, job = self.queue.pop(0)
            try:
                idle.give(index, job, self.options.budget)
            except OSError:  # it died since its last file: a fresh one takes the job
                self._replace(idle)
                self.queue.insert(0, (index, job))

    def _context_(self) -> BaseContext:
        if self._context is None:
            # fork: workers start at once with everything imported; elsewhere, spawn
            method = "fork" if sys.platform.startswith("linux") else "spawn"
            self._context = multiprocessing.get_context(method)
        return self._context

    def collect(self, block: bool) -> list[tuple[int, FileJob, FileResult]]:
        """The jobs finished by now (waiting for at least one when ``block``)."""
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            return []
        timeout = None
        if block:
            timeout = max(0.0, min(_task_of(w)[3] for w in busy) - time.monotonic())
        ready = wait(
            [w.connection for w in busy] + [w.process.sentinel for w in busy], timeout if block else 0
        )
        finished = []
        now = time.monotonic()
        for worker in busy:
            index, job, seconds, deadline = _task_of(worker)
            if worker.connection in ready or worker.process.sentinel in ready:
                result = self._receive(worker, seconds)
            elif now >= deadline:
                worker.killed_for_time = True
                result = self._failed(worker, seconds)
            else:
                continue
            finished.append((index, job, result))
        self._dispatch()
        return finished

    def _receive(self, worker: _Worker, seconds: float) -> FileResult:
        try:
            reply = worker.connection.recv()
        except (EOFError, OSError):
            return self._failed(worker, seconds)
        worker.task = None
        if isinstance(reply, FileResult):
            return reply
        # the worker ran out of memory in Python code: it says so, and leaves
        self._replace(worker)
        return FileResult(problem=_over_memory(self.options.budget))

    def _failed(self, worker: _Worker, seconds: float) -> FileResult:
        """The worker died or overran: say why, and start afresh without it."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        code = worker.process.exitcode
        if worker.killed_for_time or code == -getattr(signal, "SIGXCPU", -1):
            problem = (
                f"not checked: its analysis ran over its time budget of {_seconds(seconds)} s "
                "(raise it with --file-timeout)"
            )
        elif code in (-signal.SIGABRT, -signal.SIGKILL) and _memory_limited():
            problem = _over_memory(self.options.budget)
        else:
            name = _signal_name(-code) if code is not None and code < 0 else f"exit status {code}"
            problem = f"not checked: the process analysing it stopped ({name})"
        self._replace(worker)
        return FileResult(problem=problem)

    def _replace(self, worker: _Worker) -> None:
        worker.task = None
        worker.stop()
        self.workers.remove(worker)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers.clear()


def _task_of(worker: _Worker) -> tuple[int, FileJob, float, float]:
    assert worker.task is not None
    return worker.task


def _seconds(value: float) -> str:
    """A budget in seconds as people write it: 0.1, 2.5, 50."""
    return f"{value:.0f}" if value >= 10 else f"{value:.2g}"


def _over_memory(budget: Budget) -> str:
    return (
        f"not checked: its analysis ran over its memory budget of {budget.memory_mb} MB "
        "(raise it with --file-memory)"
    )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _memory_limited() -> bool:
    """Whether workers get a memory limit here (Linux: RLIMIT_AS, measured in /proc)."""
    return resource is not None and os.path.exists("/proc/self/statm")


def _serve(connection: Connection, memory_mb: int, verbose: bool) -> None:
    """A worker: jobs in, results out, until the parent closes the pipe. Runs in a
    thread with a large stack."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "SIGXCPU"):
        signal.signal(signal.SIGXCPU, signal.SIG_DFL)  # over the CPU budget: stop
    if resource is not None:
        _set_soft(resource.RLIMIT_CORE, 0)  # and leave no core file behind
    if not verbose:
        # libcst's native parser reports a failed allocation on stderr: the parent says it better
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    with_deep_stack(lambda: _serve_jobs(connection, memory_mb))


def _serve_jobs(connection: Connection, memory_mb: int) -> None:
    while True:
        try:
            job, seconds = connection.recv()
        except (EOFError, OSError):
            return
        _limit(seconds, memory_mb)
        try:
            result = filecheck.check(job)
        except MemoryError:
            result = None
        connection.send(result if result is not None else "memory")
        if result is None:
            return  # after a MemoryError, start afresh


def _limit(seconds: float, memory_mb: int) -> None:
    """This process's limits for the next file: CPU seconds from now, memory above
    what it holds now."""
    if resource is None:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _set_soft(resource.RLIMIT_CPU, math.ceil(usage.ru_utime + usage.ru_stime + seconds))
    if _memory_limited():
        with open("/proc/self/statm") as handle:
            size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _set_soft(resource.RLIMIT_AS, size + memory_mb * 1024 * 1024)


def _set_soft(kind: int, value: int) -> None:
    assert resource is not None
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(kind, (value, hard))
    except (ValueError, OSError):  # pragma: no cover - a platform that refuses it
        pass


# ---------------------------------------------------------------------- progress


class _Progress:
    """``files done / total`` on a terminal, once a run has taken a couple of seconds;
    erased at the end, so it never mixes with the report."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total = total
        self.stream = stream
        self.done = 0
        self.started = time.monotonic()
        self.shown = 0.0

    def advance(self) -> None:
        self.done += 1
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self.started >= _PROGRESS_AFTER and now - self.shown >= _PROGRESS_EVERY:
            self.stream.write(f"\r\x1b[Kgradlint: {self.done}/{self.total} files")
            self.stream.flush()
            self.shown = now

    def close(self) -> None:
        if self.stream is not None and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
