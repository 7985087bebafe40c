"""The commands being compared, as Jobs. Flags are exactly those of the project's issue."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .measure import Job

COLLECTOR_OK = (0, 3)  # 3: complete, but some sources could not be read (collector/run.hpp)


@dataclass
class Tool:
    """A project binary: its path, or why it cannot be used."""
    name: str
    path: Optional[Path]
    missing: str = ""

    @staticmethod
    def find(name: str, env_var: str, default: Path) -> "Tool":
        given = os.environ.get(env_var)
        path = Path(given) if given else default
        where = f"{env_var}={given}" if given else f"{default} (set {env_var}=PATH to use another)"
        if not path.exists():
            return Tool(name, None, f"{name} not found: {where}")
        if not os.access(path, os.X_OK):
            return Tool(name, None, f"{name} not executable: {where}")
        return Tool(name, path.resolve())


@dataclass
class Context:
    collector: Tool
    biunzip: Tool
    password_file: Path
    rules: Path
    out: Path                 # WORKDIR/out: every job's output goes below it
    collector_args: list[str] = field(default_factory=list)  # --collector-args, appended


def _tar(corpus: Path) -> list[str]:
    # -C PARENT NAME: same work as `tar -cf - DIR`, without the "Removing leading /" warning.
    return ["tar", "-cf", "-", "-C", str(corpus.parent), corpus.name]


ZSTD = ["zstd", "-1", "-T2", "-q"]


def ours_collect(ctx: Context, corpus: Path, label: str = "ours collect",
                 triage: bool = False) -> Job:
    case = ctx.out / label.replace(" ", "-").replace("+", "-and-")
    argv = [str(ctx.collector.path), "--profile", "none", "--collect", f"{corpus}/**",
            "--case-dir", str(case), "--password-file", str(ctx.password_file),
            "--hash", "sha256", "--quiet"]
    if triage:
        argv += ["--rules", str(ctx.rules), "--scan", str(corpus)]
    return Job(label, [argv + ctx.collector_args], output=case, output_glob="*.ppc",
               make_dirs=[case], ok_exit=COLLECTOR_OK)


def ours_triage(ctx: Context, corpus: Path) -> Job:
    case = ctx.out / "ours-triage"
    argv = [str(ctx.collector.path), "--profile", "none", "--rules", str(ctx.rules), "--scan",
            str(corpus), "--case-dir", str(case), "--password-file", str(ctx.password_file),
            "--quiet"]
    return Job("ours triage only", [argv + ctx.collector_args], output=case, output_glob="*.ppc",
               make_dirs=[case], ok_exit=COLLECTOR_OK)


def baseline_a(ctx: Context, corpus: Path) -> Job:
    out = ctx.out / "baseline-a.tar.zst.enc"
    openssl = ["openssl", "enc", "-aes-256-ctr", "-pbkdf2", "-pass",
               f"file:{ctx.password_file}"]
    return Job("A tar|zstd|openssl", [_tar(corpus), ZSTD, openssl], stdout=out, output=out)


def baseline_b(ctx: Context, corpus: Path) -> Job:
    out = ctx.out / "baseline-b.tgz"
    return Job("B tar -czf", [["tar", "-czf", str(out), "-C", str(corpus.parent), corpus.name]],
               output=out, clean=[out])


def zstd_ceiling(ctx: Context, corpus: Path) -> Job:
    out = ctx.out / "ceiling.tar.zst"
    return Job("tar|zstd (ceiling)", [_tar(corpus), ZSTD], stdout=out, output=out)


def make_tar(ctx: Context, corpus: Path) -> Job:
    out = ctx.out / "corpus.tar"
    return Job("tar -cf (setup)", [["tar", "-cf", str(out), "-C", str(corpus.parent),
                                    corpus.name]], output=out, clean=[out])


def zstd_alone(ctx: Context, tar_file: Path) -> Job:
    out = ctx.out / "alone.tar.zst"
    return Job("zstd alone on tar", [ZSTD + ["-c", str(tar_file)]], stdout=out, output=out)


def ours_extract(ctx: Context, package: Path) -> Job:
    dest = ctx.out / "extract-ours"
    argv = [str(ctx.biunzip.path), "extract", str(package), "-o", str(dest), "--password-file",
            str(ctx.password_file)]
    return Job("ours biunzip extract", [argv], output=dest, make_dirs=[dest])


def baseline_a_extract(ctx: Context, encrypted: Path) -> Job:
    dest = ctx.out / "extract-a"
    openssl = ["openssl", "enc", "-d", "-aes-256-ctr", "-pbkdf2", "-pass",
               f"file:{ctx.password_file}"]
    return Job("A openssl|zstd -d|tar -x", [openssl, ["zstd", "-d", "-q"],
                                            ["tar", "-x", "-C", str(dest)]],
               stdin=encrypted, output=dest, make_dirs=[dest])


def yara_scan(ctx: Context, corpus: Path) -> Job:
    out = ctx.out / "yara-matches.txt"
    return Job("yara -r -p 2", [["yara", "-r", "-p", "2", str(ctx.rules), str(corpus)]],
               stdout=out, output=out)
