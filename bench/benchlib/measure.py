"""Runs a job (one command or a shell-free pipeline) and measures it.

Each pipeline stage is started without a shell under bench/rusage.c, which reports the wait4(2)
rusage of the stage and every descendant it waited for (tar's gzip, zstd's threads). For a job:
  wall   = from starting the first stage until the last stage has exited
  cpu    = sum over stages of user + system time
  rss    = sum over stages of their peak RSS: the stages run at the same time, so this is what
           the pipeline as a whole can occupy (a single process reports its own peak)
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

DROP_CACHES = Path("/proc/sys/vm/drop_caches")


@dataclass
class Job:
    name: str                       # row label in the tables and the JSON
    stages: list[list[str]]         # argv per pipeline stage
    stdin: Optional[Path] = None    # file fed to the first stage (None: /dev/null)
    stdout: Optional[Path] = None   # file the last stage writes to (None: /dev/null)
    output: Optional[Path] = None   # what "output size" measures (file, or dir of *.ppc / a tree)
    output_glob: Optional[str] = None  # count only files matching this under `output`
    clean: list[Path] = field(default_factory=list)  # removed before every run
    make_dirs: list[Path] = field(default_factory=list)  # created (empty) before every run
    ok_exit: tuple[int, ...] = (0,)

    def command_line(self) -> str:
        text = " | ".join(shlex.join(argv) for argv in self.stages)
        if self.stdin:
            text += f" < {shlex.quote(str(self.stdin))}"
        if self.stdout:
            text += f" > {shlex.quote(str(self.stdout))}"
        return text


@dataclass
class Run:
    wall_s: float
    cpu_user_s: float
    cpu_sys_s: float
    maxrss_kib: int
    output_bytes: Optional[int]
    exit_codes: list[int]
    ok: bool
    stderr_tail: str


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def tree_bytes(path: Path, glob: Optional[str] = None) -> int:
    """Sum of regular-file sizes (symlinks not followed)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            full = os.path.join(root, name)
            if glob and not Path(full).match(glob):
                continue
            st = os.lstat(full)
            if not os.path.islink(full):
                total += st.st_size
    return total


def _prepare(job: Job) -> None:
    for path in job.clean:
        remove(path)
    for path in job.make_dirs:
        remove(path)
        path.mkdir(parents=True)


def compile_c(source: Path, binary: Path) -> Path:
    """Builds a helper from bench/*.c unless the binary is newer than its source."""
    if not binary.exists() or binary.stat().st_mtime < source.stat().st_mtime:
        binary.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cc", "-O2", "-std=c11", "-Wall", "-Wextra", "-o", str(binary),
                        str(source)], check=True)
    return binary


class Runner:
    """Runs jobs; every stage goes through bench/rusage.c, which reports the stage's rusage."""

    def __init__(self, rusage_bin: Path, scratch: Path, timeout_s: float):
        self.rusage_bin = rusage_bin
        self.scratch = scratch
        self.timeout_s = timeout_s

    def run_once(self, job: Job) -> Run:
        _prepare(job)
        self.scratch.mkdir(parents=True, exist_ok=True)
        stats = [self.scratch / f"stage{i}.rusage" for i in range(len(job.stages))]
        for path in stats:
            path.unlink(missing_ok=True)
        with tempfile.TemporaryFile() as err:
            start = time.monotonic()
            codes, timed_out, failure = self._pipeline(job, stats, err)
            wall = time.monotonic() - start
            err.seek(0)
            tail = err.read()[-2000:].decode(errors="replace").strip()
        if failure:
            return Run(wall, 0, 0, 0, None, codes, False, failure)
        ok = all(code in job.ok_exit for code in codes) and not timed_out
        if timed_out:
            tail = f"timed out after {self.timeout_s:.0f} s. {tail}"
        user = system = rss = 0
        for path in stats:
            if path.exists():  # absent when rusage itself could not start
                u, s, r = (int(x) for x in path.read_text().split())
                user, system, rss = user + u, system + s, rss + r
        output = None
        if ok and job.output and job.output.exists():
            output = tree_bytes(job.output, job.output_glob)
        return Run(wall_s=wall, cpu_user_s=user / 1e6, cpu_sys_s=system / 1e6, maxrss_kib=rss,
                   output_bytes=output, exit_codes=codes, ok=ok, stderr_tail=tail)

    def _pipeline(self, job: Job, stats: list[Path], err):
        """Starts the stages connected by pipes, in one process group; waits for all of them."""
        stdin = open(job.stdin, "rb") if job.stdin else subprocess.DEVNULL
        stdout = open(job.stdout, "wb") if job.stdout else subprocess.DEVNULL
        procs: list[subprocess.Popen] = []
        try:
            prev = stdin
            for i, argv in enumerate(job.stages):
                last = i == len(job.stages) - 1
                group = procs[0].pid if procs else 0
                p = subprocess.Popen([str(self.rusage_bin), str(stats[i]), *argv], stdin=prev,
                                     stdout=stdout if last else subprocess.PIPE, stderr=err,
                                     process_group=group)
                if procs:
                    procs[-1].stdout.close()  # only the next stage holds the pipe now
                procs.append(p)
                prev = p.stdout
        except OSError as e:
            self._kill(procs)
            return [p.wait() for p in procs] + [125], False, f"cannot start: {e}"
        finally:
            for f in (stdin, stdout):
                if hasattr(f, "close"):
                    f.close()
        timed_out = threading.Event()
        killer = threading.Timer(self.timeout_s, lambda: (timed_out.set(), self._kill(procs)))
        killer.start()
        codes = [p.wait() for p in procs]
        killer.cancel()
        return codes, timed_out.is_set(), ""

    @staticmethod
    def _kill(procs: list[subprocess.Popen]) -> None:
        if procs:
            try:
                os.killpg(procs[0].pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def measure(self, job: Job, runs: int, cold: bool) -> dict:
        """Warm-up run (warm mode) then `runs` measured runs; medians of each metric."""
        record: dict = {"name": job.name, "command": job.command_line(), "runs": []}
        if not cold:
            warm = self.run_once(job)
            if not warm.ok:
                return _failed(record, warm)
        for _ in range(runs):
            if cold:
                drop_caches()
            r = self.run_once(job)
            record["runs"].append(r.__dict__)
            if not r.ok:
                return _failed(record, r)
        rs = record["runs"]
        record["status"] = "ok"
        record["median"] = {
            "wall_s": statistics.median(r["wall_s"] for r in rs),
            "cpu_s": statistics.median(r["cpu_user_s"] + r["cpu_sys_s"] for r in rs),
            "maxrss_mib": statistics.median(r["maxrss_kib"] for r in rs) / 1024,
            "output_bytes": rs[-1]["output_bytes"],
        }
        return record


def drop_caches_permitted() -> bool:
    """Whether `echo 3 > /proc/sys/vm/drop_caches` can work here, without trying it."""
    try:
        read_only = os.statvfs(DROP_CACHES.parent).f_flag & os.ST_RDONLY
    except OSError:
        return False
    return not read_only and os.access(DROP_CACHES, os.W_OK)


def drop_caches() -> None:
    os.sync()
    DROP_CACHES.write_text("3\n")


def _failed(record: dict, r: Run) -> dict:
    record["status"] = "failed"
    last_line = r.stderr_tail.splitlines()[-1] if r.stderr_tail else ""
    record["reason"] = f"exit {r.exit_codes}: {last_line}"
    record["stderr_tail"] = r.stderr_tail
    return record


def skipped(name: str, reason: str) -> dict:
    return {"name": name, "status": "skipped", "reason": reason}
