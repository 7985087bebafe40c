"""Benchmark corpora: sizes per preset, generation with bench/gen.c, reuse, disk-space check.

A corpus is regenerated only when its parameters or gen.c change (a marker file next to it
records both), so repeated runs at one size reuse the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .measure import compile_c, remove, tree_bytes

MIB = 1 << 20
GIB = 1 << 30

# Sizes per preset. "small" is a smoke test of about a minute on an idle machine; "medium" gives
# steadier ratios in a few minutes; "large" is the size.
PRESETS = {
    "small": {"large_mib": 32, "logs_mib": 32, "small_files": 3_000, "system_mib": 32,
              "scale_mib": 16},
    "medium": {"large_mib": 512, "logs_mib": 512, "small_files": 20_000, "system_mib": 256,
               "scale_mib": 64},
    "large": {"large_mib": 2048, "logs_mib": 2048, "small_files": 100_000, "system_mib": 1024,
              "scale_mib": 256},
}


@dataclass
class CorpusSpec:
    name: str          # directory name under WORKDIR/corpus
    mode: str          # gen.c mode
    amount: int        # bytes, or a file count for mode "small"
    seed: int
    extra: tuple = ()  # more gen.c arguments
    about: str = ""    # one line for the tables

    def estimated_bytes(self) -> int:
        # Small files average 8.5 KiB plus about 4 KiB of block and inode overhead each.
        return self.amount * 13 * 1024 if self.mode == "small" else self.amount

    def params(self, gen_digest: str) -> dict:
        return {"mode": self.mode, "amount": self.amount, "seed": self.seed,
                "extra": list(self.extra), "gen_c_sha256": gen_digest}


def specs(sizes: dict) -> dict[str, CorpusSpec]:
    large_files = max(2, sizes["large_mib"] // 512)  # 512 MiB files: "large" but several
    return {
        "large": CorpusSpec("large", "random", sizes["large_mib"] * MIB, 1, (str(large_files),),
                            f"incompressible, {large_files} files"),
        "logs": CorpusSpec("logs", "logs", sizes["logs_mib"] * MIB, 2, (),
                           "syslog/auth/nginx text logs"),
        "small": CorpusSpec("small", "small", sizes["small_files"], 3, (),
                            f"{sizes['small_files']:,} files of 1-16 KiB in nested dirs"),
        "system": CorpusSpec("system", "system", sizes["system_mib"] * MIB, 4, (),
                             "system-like tree: ELF, libs, configs, logs, scripts"),
        "scale-1x": CorpusSpec("scale-1x", "system", sizes["scale_mib"] * MIB, 5, (),
                               "system-like tree, size S"),
        "scale-10x": CorpusSpec("scale-10x", "system", sizes["scale_mib"] * 10 * MIB, 5, (),
                                "system-like tree, size 10xS"),
    }


class Corpora:
    def __init__(self, bench_dir: Path, workdir: Path):
        self.gen_src = bench_dir / "gen.c"
        self.root = workdir / "corpus"
        self.gen_bin = workdir / "gen"
        self.gen_digest = hashlib.sha256(self.gen_src.read_bytes()).hexdigest()

    def path(self, spec: CorpusSpec) -> Path:
        return self.root / spec.name

    def _marker(self, spec: CorpusSpec) -> Path:
        return self.root / f"{spec.name}.json"

    def cached(self, spec: CorpusSpec) -> dict | None:
        """The marker's record when the corpus on disk matches `spec`, else None."""
        marker = self._marker(spec)
        if not marker.exists() or not self.path(spec).is_dir():
            return None
        record = json.loads(marker.read_text())
        return record if record.get("params") == spec.params(self.gen_digest) else None

    def check_space(self, needed: list[CorpusSpec], largest_bytes: int) -> None:
        """Exit early unless the corpora to build plus room for outputs fit on the disk."""
        self.root.mkdir(parents=True, exist_ok=True)
        to_build = sum(s.estimated_bytes() for s in needed if not self.cached(s))
        # Outputs of one corpus at a time: a tar file, packages, two extracted trees.
        want = to_build + 4 * largest_bytes + GIB
        free = shutil.disk_usage(self.root).free
        if free < want:
            sys.exit(f"bench: not enough disk space in {self.root}: need about "
                     f"{want / GIB:.1f} GiB (corpora {to_build / GIB:.1f} GiB + outputs), "
                     f"have {free / GIB:.1f} GiB; use --workdir or a smaller --size")

    def ensure(self, spec: CorpusSpec, log) -> dict:
        """Generates the corpus unless an identical one exists; returns its record."""
        record = self.cached(spec)
        if record:
            return record
        compile_c(self.gen_src, self.gen_bin)
        target = self.path(spec)
        remove(target)
        self._marker(spec).unlink(missing_ok=True)
        log(f"generating corpus {spec.name} ({spec.about}) ...")
        start = time.monotonic()
        subprocess.run([str(self.gen_bin), spec.mode, str(target), str(spec.amount),
                        str(spec.seed), *spec.extra], check=True)
        seconds = time.monotonic() - start
        record = {"params": spec.params(self.gen_digest), "path": str(target),
                  "bytes": tree_bytes(target), "files": count_files(target),
                  "generate_s": round(seconds, 2), "about": spec.about}
        self._marker(spec).write_text(json.dumps(record, indent=1))
        log(f"  {record['bytes'] / MIB:.1f} MiB in {record['files']:,} files, {seconds:.1f} s")
        return record


def count_files(path: Path) -> int:
    return sum(len(files) for _root, _dirs, files in os.walk(path))
