#!/usr/bin/env python3
"""Benchmark: the collector and biunzip against tar/zstd/openssl/gzip/yara baselines.

See bench/README.md. Usage: bench/run.sh --size small|large [--only SECTIONS] [--runs N] ...
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import struct
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from benchlib import jobs, report
from benchlib.corpus import PRESETS, Corpora, specs
from benchlib.measure import Runner, compile_c, drop_caches_permitted, remove, skipped
from benchlib.rules import build_rules

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPUS_SECTIONS = ["large", "logs", "small", "system"]
SECTIONS = CORPUS_SECTIONS + ["triage", "scaling", "binary"]
NEEDED_TOOLS = ["tar", "gzip", "zstd", "openssl", "yara", "cc", "strip"]
PASSWORD = "bench-password-not-secret\n"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--size", choices=sorted(PRESETS), default="small", help="corpus size preset")
    p.add_argument("--only", default=",".join(SECTIONS),
                   help=f"comma-separated sections to run (default all: {','.join(SECTIONS)})")
    p.add_argument("--runs", type=int, default=3, help="measured runs per row (median reported)")
    p.add_argument("--cold", action="store_true",
                   help="drop the page cache before every measured run (if permitted)")
    p.add_argument("--workdir", type=Path, default=BENCH / "work", help="corpora and outputs")
    p.add_argument("--results", type=Path, default=BENCH / "results", help="JSON result directory")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per run before killing it")
    p.add_argument("--collector-args", default="",
                   help="extra arguments appended to every collector command (one string)")
    for key, value in PRESETS["small"].items():
        p.add_argument("--" + key.replace("_", "-"), type=int,
                       help=f"override the preset (small: {value})")
    args = p.parse_args()
    args.sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        p.error(f"unknown sections {sorted(unknown)}; known: {SECTIONS}")
    return args


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.sizes = {k: getattr(args, k) or v for k, v in PRESETS[args.size].items()}
        self.workdir = args.workdir.resolve()
        self.out = self.workdir / "out"
        self.corpora = Corpora(BENCH, self.workdir)
        self.specs = specs(self.sizes)
        self.records: dict[str, dict] = {}
        collector = jobs.Tool.find("collector", "COLLECTOR", REPO / "build/collector/collector")
        biunzip = jobs.Tool.find("biunzip", "BIUNZIP", REPO / "build/biunzip/biunzip")
        self.ctx = jobs.Context(collector, biunzip, self.workdir / "password.txt",
                                self.workdir / "rules/bench.yar", self.out,
                                shlex.split(args.collector_args))
        self.cold = args.cold and drop_caches_permitted()
        self.sections: list[dict] = []
        self.rules_info: dict = {}
        self.machine = report.machine_info()  # before the run: the load average is telling
        self.runner = Runner(self.workdir / "rusage", self.workdir / "rusage-stats", args.timeout)

    # ---- setup --------------------------------------------------------------------------------

    def corpora_needed(self) -> list[str]:
        names = [s for s in self.args.sections if s in CORPUS_SECTIONS]
        if "triage" in self.args.sections and "system" not in names:
            names.append("system")
        if "scaling" in self.args.sections and self.ctx.collector.path:
            names += ["scale-1x", "scale-10x"]
        return names

    def prepare(self) -> None:
        missing = [t for t in NEEDED_TOOLS if not shutil.which(t)]
        if missing:
            sys.exit(f"bench: missing tools {missing}: run bench/setup.sh (as root)")
        needed = [self.specs[n] for n in self.corpora_needed()]
        self.corpora.check_space(needed, max((s.estimated_bytes() for s in needed), default=0))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.ctx.password_file.write_text(PASSWORD)
        compile_c(BENCH / "rusage.c", self.runner.rusage_bin)
        if "triage" in self.args.sections:
            self.rules_info = build_rules(REPO, self.workdir)
            log(f"YARA rules: {self.rules_info['rules']} rules ({self.rules_info['source']})")
        for spec in needed:
            self.records[spec.name] = self.corpora.ensure(spec, log)

    # ---- measuring -----------------------------------------------------------------------------

    def measure(self, job: jobs.Job, kind: str, compare_to: str = "", **extra) -> dict:
        log(f"  {job.name} ...")
        rec = self.runner.measure(job, self.args.runs, self.cold)
        rec.update(kind=kind, compare_to=compare_to, **extra)
        if rec["status"] == "ok":
            log(f"    median {rec['median']['wall_s']:.3f} s, "
                f"{rec['median']['maxrss_mib']:.1f} MiB RSS")
        else:
            log(f"    {rec['status']}: {rec['reason']}")
        return rec

    def ours(self, name: str, make, *how, kind: str = "pack", **extra) -> dict:
        if not self.ctx.collector.path:
            return skipped(name, self.ctx.collector.missing)
        return self.measure(make(self.ctx, *how), kind, **extra)

    def fresh_out(self) -> None:
        remove(self.out)
        self.out.mkdir(parents=True)

    def corpus_section(self, name: str) -> dict:
        spec, record = self.specs[name], self.records[name]
        corpus = self.corpora.path(spec)
        log(f"== {name}: {spec.about}")
        self.fresh_out()
        ours = self.ours("ours collect", jobs.ours_collect, corpus)
        baseline_a = self.measure(jobs.baseline_a(self.ctx, corpus), "pack", "ours collect")
        rows = [ours, baseline_a]
        for make in (jobs.baseline_b, jobs.zstd_ceiling):
            job = make(self.ctx, corpus)
            rows.append(self.measure(job, "pack", "ours collect"))
            remove(job.output)  # keep the disk footprint at one corpus' worth of outputs
        rows.append(self.zstd_alone(corpus))
        rows += self.extract_rows(ours, baseline_a)
        remove(self.out)
        return {"name": name, "title": spec.about, "corpus": record, "rows": rows}

    def zstd_alone(self, corpus: Path) -> dict:
        make = jobs.make_tar(self.ctx, corpus)
        made = self.runner.run_once(make)
        if not made.ok:
            return skipped("zstd alone on tar", f"making the tar file failed: {made.stderr_tail}")
        job = jobs.zstd_alone(self.ctx, make.output)
        rec = self.measure(job, "pack", "ours collect")
        remove(make.output)
        remove(job.output)
        return rec

    def extract_rows(self, ours: dict, baseline: dict) -> list[dict]:
        rows = []
        packages = sorted((self.out / "ours-collect").glob("**/*.ppc"))
        if not self.ctx.biunzip.path:
            rows.append(skipped("ours biunzip extract", self.ctx.biunzip.missing))
        elif ours.get("status") != "ok" or not packages:
            rows.append(skipped("ours biunzip extract",
                                f"no package: ours collect {ours.get('status')}"))
        else:
            rows.append(self.measure(jobs.ours_extract(self.ctx, packages[0]), "extract"))
        if baseline.get("status") == "ok":
            job = jobs.baseline_a_extract(self.ctx, self.out / "baseline-a.tar.zst.enc")
            rows.append(self.measure(job, "extract", "ours biunzip extract"))
        else:
            rows.append(skipped("A openssl|zstd -d|tar -x", "baseline A did not produce output"))
        return rows

    def triage_section(self) -> dict:
        spec = self.specs["system"]
        corpus = self.corpora.path(spec)
        log("== triage: YARA scan of the system-like tree")
        self.fresh_out()
        rows = [self.ours("ours triage only", jobs.ours_triage, corpus, kind="scan"),
                self.measure(jobs.yara_scan(self.ctx, corpus), "scan", "ours triage only"),
                self.ours("ours collect", jobs.ours_collect, corpus),
                self.ours("ours collect+triage", jobs.ours_collect, corpus, "ours collect+triage",
                          True)]
        remove(self.out)
        info = self.rules_info
        note = f"rules: {info['rules']} ({info['source']}) {info['path']}"
        return {"name": "triage", "title": "YARA triage on the system-like tree",
                "corpus": self.records["system"], "rows": rows, "rules": info, "note": note}

    def scaling_section(self) -> dict:
        rows = []
        log("== scaling: collector peak RSS at S and 10xS")
        self.fresh_out()
        for label, name in (("ours collect S", "scale-1x"), ("ours collect 10xS", "scale-10x")):
            if not self.ctx.collector.path:
                rows.append(skipped(label, self.ctx.collector.missing))
                continue
            rec = self.records[name]
            job = jobs.ours_collect(self.ctx, self.corpora.path(self.specs[name]), label)
            rows.append(self.measure(job, "pack", input_bytes=rec["bytes"], corpus=rec))
        remove(self.out)
        s = self.sizes["scale_mib"]
        return {"name": "scaling", "title": f"collector at S={s} MiB and 10xS={10 * s} MiB "
                "(system-like trees)", "rows": rows}

    def binary_section(self) -> dict:
        tool = self.ctx.collector
        if not tool.path:
            row = skipped("collector stripped", tool.missing)
        elif elf_linking(tool.path) is None:
            row = skipped("collector stripped", f"{tool.path} is not an ELF64 executable")
        else:
            stripped = self.workdir / "collector.stripped"
            subprocess.run(["strip", "-o", str(stripped), str(tool.path)], check=True)
            row = {"name": "collector stripped", "status": "ok", "path": str(tool.path),
                   "bytes": tool.path.stat().st_size, "stripped_bytes": stripped.stat().st_size,
                   "static": elf_linking(tool.path) == "static"}
            stripped.unlink()
        return {"name": "binary", "title": "collector binary size", "rows": [row]}

    # ---- the whole run ------------------------------------------------------------------------

    def run(self) -> int:
        started = datetime.now()
        self.prepare()
        for name in self.args.sections:
            if name in CORPUS_SECTIONS:
                self.sections.append(self.corpus_section(name))
            else:
                self.sections.append(getattr(self, f"{name}_section")())
        ts = report.targets(self.sections)
        print()
        for s in self.sections:
            print(report.section_table(s) + "\n")
        print(report.targets_table(ts))
        warm_up = "" if self.cold else "warm-up + "
        print(f"\ncache: {self.cache_mode()}; runs: {warm_up}median of {self.args.runs}")
        path = self.write_json(started, ts)
        print(f"results: {path}")
        return 0

    def cache_mode(self) -> str:
        if self.cold:
            return "cold (page cache dropped before every measured run)"
        permitted = "permitted" if drop_caches_permitted() else "not permitted"
        why = "asked for --cold, but " if self.args.cold else ""
        return f"warm ({why}dropping caches {permitted}; use --cold for cold runs)"

    def write_json(self, started: datetime, ts: list[dict]) -> Path:
        self.args.results.mkdir(parents=True, exist_ok=True)
        path = self.args.results / f"{started:%Y%m%d-%H%M%S}.json"
        machine = {**self.machine, "loadavg_at_end": os.getloadavg()}
        doc = {"schema": 1, "started": started.isoformat(timespec="seconds"),
               "finished": datetime.now().isoformat(timespec="seconds"),
               "size": self.args.size, "sizes": self.sizes, "runs": self.args.runs,
               "cache": {"mode": "cold" if self.cold else "warm",
                         "drop_caches_permitted": drop_caches_permitted(),
                         "description": self.cache_mode()},
               "machine": machine,
               "versions": report.versions(self.ctx.collector, self.ctx.biunzip),
               "binaries": {t.name: str(t.path) if t.path else t.missing
                            for t in (self.ctx.collector, self.ctx.biunzip)},
               "corpora": self.records, "sections": self.sections, "targets": ts,
               "git_commit": git_commit()}
        path.write_text(json.dumps(doc, indent=1, default=str) + "\n")
        return path


def elf_linking(path: Path) -> str | None:
    """Returns "static" when the ELF64 file has no PT_INTERP program header (no dynamic loader),
    "dynamic" when it has one, None when it is not an ELF64 file."""
    with open(path, "rb") as f:
        head = f.read(64)
        if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2:
            return None
        phoff, = struct.unpack_from("<Q", head, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    has_interp = any(struct.unpack_from("<I", table, i * phentsize)[0] == 3 for i in range(phnum))
    return "dynamic" if has_interp else "static"


def git_commit() -> str:
    r = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                       text=True)
    return r.stdout.strip() if r.returncode == 0 else "none"


if __name__ == "__main__":
    start = time.monotonic()
    code = Bench(parse_args()).run()
    log(f"bench finished in {time.monotonic() - start:.0f} s")
    sys.exit(code)
