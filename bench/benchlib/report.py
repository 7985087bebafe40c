"""Tables, pass/fail targets, machine information and the JSON result file."""

from __future__ import annotations

import os
import platform
import subprocess
from typing import Optional

MIB = 1 << 20

# Target thresholds from the issue.
RSS_LIMIT_MIB = 64
RSS_FLAT_FACTOR = 1.2     # "flat": RSS at 10xS at most 20% (or RSS_FLAT_SLACK_MIB) above RSS at S
RSS_FLAT_SLACK_MIB = 8
BINARY_LIMIT_MIB = 15


# ---- machine and versions -----------------------------------------------------------------------

def _first_line(argv: list[str]) -> str:
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unavailable ({e})"
    text = (r.stdout or r.stderr).strip()
    return text.splitlines()[0] if text else f"exit {r.returncode}, no output"


def machine_info() -> dict:
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    return {"nproc": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)),
            "cpu_model": model, "memory_mib": mem_kib // 1024, "kernel": platform.release(),
            "loadavg_at_start": os.getloadavg()}


def versions(collector, biunzip) -> dict:
    v = {"tar": _first_line(["tar", "--version"]), "zstd": _first_line(["zstd", "--version"]),
         "openssl": _first_line(["openssl", "version"]), "yara": _first_line(["yara", "--version"]),
         "gzip": _first_line(["gzip", "--version"]), "cc": _first_line(["cc", "--version"]),
         "python": platform.python_version()}
    for tool in (collector, biunzip):
        v[tool.name] = _first_line([str(tool.path), "--version"]) if tool.path else tool.missing
    return v


# ---- looking rows up ----------------------------------------------------------------------------

def find_row(sections: list[dict], section: str, row: str) -> Optional[dict]:
    for s in sections:
        if s["name"] == section:
            for r in s["rows"]:
                if r["name"] == row:
                    return r
    return None


def _wall(r: Optional[dict]) -> Optional[float]:
    return r["median"]["wall_s"] if r and r.get("status") == "ok" else None


def _why_missing(sections, pairs) -> str:
    for section, row in pairs:
        r = find_row(sections, section, row)
        if r is None:
            return f"'{row}' not measured (section {section} not run)"
        if r.get("status") != "ok":
            return f"'{row}' {r.get('status')}: {r.get('reason', '')}"
    return "not measured"


# ---- targets ------------------------------------------------------------------------------------

def _ratio_target(sections, title, section, num, den, threshold, at_most=False) -> dict:
    """num's wall time / den's; `section` may be a tuple: the walls of each are summed (the
    issue's "2 GiB incompressible plus 2 GiB of text" is one input)."""
    names = section if isinstance(section, tuple) else (section,)
    walls = [(_wall(find_row(sections, s, num)), _wall(find_row(sections, s, den))) for s in names]
    t = {"target": title, "threshold": threshold}
    if any(a is None or b is None for a, b in walls) or sum(b for _, b in walls) == 0:
        why = _why_missing(sections, [(s, n) for s in names for n in (num, den)])
        return {**t, "status": "skipped", "reason": why}
    a, b = sum(a for a, _ in walls), sum(b for _, b in walls)
    value = a / b
    ok = value <= threshold if at_most else value >= threshold
    return {**t, "value": round(value, 3), "status": "PASS" if ok else "FAIL",
            "detail": f"{a:.3f} s / {b:.3f} s"}


def _rss_targets(sections) -> list[dict]:
    ours = [(s["name"], r) for s in sections for r in s["rows"]
            if r["name"].startswith("ours") and r.get("status") == "ok"]
    out = []
    t = {"target": f"collector peak RSS <= {RSS_LIMIT_MIB} MiB (every ours row)",
         "threshold": RSS_LIMIT_MIB}
    if ours:
        worst_section, worst = max(ours, key=lambda sr: sr[1]["median"]["maxrss_mib"])
        value = worst["median"]["maxrss_mib"]
        status = "PASS" if value <= RSS_LIMIT_MIB else "FAIL"
        out.append({**t, "value": round(value, 1), "status": status,
                    "detail": f"max at {worst_section} / {worst['name']}"})
    else:
        out.append({**t, "status": "skipped", "reason": "no ours row measured"})
    small, big = (find_row(sections, "scaling", n) for n in ("ours collect S", "ours collect 10xS"))
    t = {"target": "collector peak RSS flat under 10x corpus growth",
         "threshold": f"<= max({RSS_FLAT_FACTOR}x, +{RSS_FLAT_SLACK_MIB} MiB)"}
    if _wall(small) is None or _wall(big) is None:
        out.append({**t, "status": "skipped", "reason": _why_missing(
            sections, [("scaling", "ours collect S"), ("scaling", "ours collect 10xS")])})
    else:
        s, b = small["median"]["maxrss_mib"], big["median"]["maxrss_mib"]
        limit = max(s * RSS_FLAT_FACTOR, s + RSS_FLAT_SLACK_MIB)
        ok = b <= limit and b <= RSS_LIMIT_MIB
        out.append({**t, "value": round(b / s, 3) if s else None,
                    "status": "PASS" if ok else "FAIL", "detail": f"{s:.1f} -> {b:.1f} MiB"})
    return out


def _binary_target(sections) -> dict:
    t = {"target": f"static collector stripped <= {BINARY_LIMIT_MIB} MiB",
         "threshold": BINARY_LIMIT_MIB}
    r = find_row(sections, "binary", "collector stripped")
    if not r or r.get("status") != "ok":
        return {**t, "status": "skipped", "reason": r.get("reason", "") if r else "section not run"}
    mib = r["stripped_bytes"] / MIB
    if not r["static"]:
        return {**t, "value": round(mib, 2), "status": "skipped",
                "reason": f"{mib:.2f} MiB, but the binary is dynamically linked "
                          "(build with -DPPC_STATIC=ON and point COLLECTOR at it)"}
    return {**t, "value": round(mib, 2), "status": "PASS" if mib <= BINARY_LIMIT_MIB else "FAIL"}


def targets(sections: list[dict]) -> list[dict]:
    A, OURS, ZSTD = "A tar|zstd|openssl", "ours collect", "zstd alone on tar"
    return [
        _ratio_target(sections, "collector >= 1.0x baseline A throughput, large files",
                      "large", A, OURS, 1.0),
        _ratio_target(sections, "collector >= 1.0x baseline A throughput, small files",
                      "small", A, OURS, 1.0),
        _ratio_target(sections, "writer >= 0.75x zstd -1 -T2 alone, large files",
                      "large", ZSTD, OURS, 0.75),
        _ratio_target(sections, "writer >= 0.75x zstd -1 -T2 alone, text logs",
                      "logs", ZSTD, OURS, 0.75),
        _ratio_target(sections, "writer >= 1.0x baseline A, large files + logs together",
                      ("large", "logs"), A, OURS, 1.0),
        _ratio_target(sections, "writer >= 0.75x zstd -1 -T2 alone, large files + logs together",
                      ("large", "logs"), ZSTD, OURS, 0.75),
        _ratio_target(sections, "triage >= 1.0x yara -r -p 2", "triage",
                      "yara -r -p 2", "ours triage only", 1.0),
        _ratio_target(sections, "collect+triage <= 1.2x collect time", "triage",
                      "ours collect+triage", "ours collect", 1.2, at_most=True),
        *_rss_targets(sections),
        _binary_target(sections),
    ]


# ---- tables -------------------------------------------------------------------------------------

HEADER = (f"{'':28} {'wall s':>8} {'cpu s':>8} {'RSS MiB':>8} {'out MiB':>8} {'compr':>6} "
          f"{'MiB/s':>7} {'ours speed':>10}")


def _row_line(r: dict, corpus_bytes: int, ours_wall: Optional[float]) -> str:
    if r.get("status") != "ok":
        return f"{r['name']:28} {r.get('status')}: {r.get('reason', '')}"
    m = r["median"]
    out = m.get("output_bytes")
    out_mib = f"{out / MIB:8.1f}" if out is not None else f"{'-':>8}"
    compr = f"{corpus_bytes / out:5.2f}x" if out and r.get("kind") == "pack" else f"{'':6}"
    speed = f"{m['wall_s'] / ours_wall:9.2f}x" if ours_wall and not r["name"].startswith("ours") \
        else f"{'':10}"
    mibs = corpus_bytes / MIB / m["wall_s"] if m["wall_s"] else 0
    return (f"{r['name']:28} {m['wall_s']:8.3f} {m['cpu_s']:8.3f} {m['maxrss_mib']:8.1f} "
            f"{out_mib} {compr} {mibs:7.1f} {speed}")


def section_table(s: dict) -> str:
    corpus = s.get("corpus") or {}
    size = corpus.get("bytes", 0)
    lines = [f"== {s['name']}: {s['title']}"
             + (f" ({size / MIB:.1f} MiB in {corpus.get('files', 0):,} files)" if corpus else "")]
    if s.get("note"):
        lines.append(f"   {s['note']}")
    if s["name"] == "binary":
        for r in s["rows"]:
            if r.get("status") == "ok":
                lines.append(f"{r['name']:28} {r['stripped_bytes'] / MIB:.2f} MiB stripped "
                             f"({r['bytes'] / MIB:.2f} MiB as built, "
                             f"{'static' if r['static'] else 'dynamic'}) {r['path']}")
            else:
                lines.append(f"{r['name']:28} {r['status']}: {r.get('reason', '')}")
        return "\n".join(lines)
    lines.append(HEADER)
    walls = {r["name"]: _wall(r) for r in s["rows"]}
    for r in s["rows"]:
        ours_wall = walls.get(r.get("compare_to", ""))
        lines.append(_row_line(r, r.get("input_bytes", size), ours_wall))
    return "\n".join(lines)


def targets_table(ts: list[dict]) -> str:
    lines = ["== targets"]
    for t in ts:
        if t["status"] == "skipped":
            lines.append(f"  skipped  {t['target']}: {t['reason']}")
        else:
            detail = f" ({t['detail']})" if t.get("detail") else ""
            lines.append(f"  {t['status']:7}  {t['target']}: {t['value']}{detail}")
    return "\n".join(lines)
