#!/usr/bin/env python3
"""Summarize the peer comparison benches (benches/peers, bench `struct_path`).

Reads criterion's output, <dir>/**/new/benchmark.json (the bench id) and
new/estimates.json (the median), and prints Markdown: one table per
workload and configuration, rows = operation, columns = each library's
median, plus the ratios ours/official and ours/clone where both exist.
It also lists the encoded sizes and any library that failed its round-trip
check (from <dir>/peers-sizes.json, written by the bench), and can draw a
grouped bar chart as a hand-written SVG.

    cargo bench --manifest-path benches/peers/Cargo.toml --bench struct_path
    python3 scripts/bench-report.py [--dir DIR]... [--md PATH] [--svg PATH] [--linear]

With several --dir (runs of fresh copies of the bench binary, as
scripts/bench-peers.sh makes), each cell is the median of its medians:
the typical placement of the code, where the lowest would favour the
library whose cells swing more.

Python 3 standard library only.
"""

import argparse
import datetime
import html
import json
import math
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "benches" / "peers" / "target" / "criterion"

WORKLOADS = ["mediacontent", "sample", "optional", "wide", "prose", "samples1k", "map1k", "strings1k",
             "numbers", "keyed", "tuples", "dates", "inners", "shared"]
CONFIGS = ["native_schema", "native_compat", "xlang_schema", "xlang_compat",
           "native_schema_refs", "xlang_compat_refs", "xlang_compat_utf8", "serde"]
OPS = ["serialize", "serialize_reuse", "deserialize"]
LIBS = ["ours", "official", "bincode2", "postcard", "rkyv", "clone"]

CONFIG_TEXT = {
    "native_schema": "native, compatible(false)",
    "native_compat": "native, compatible(true)",
    "xlang_schema": "xlang, compatible(false)",
    "xlang_compat": "xlang, compatible(true)",
    "native_schema_refs": "native, compatible(false), reference tracking in both libraries",
    "xlang_compat_refs": "xlang, compatible(true), reference tracking in both libraries",
    "serde": "other libraries (bincode 2 via serde, postcard, rkyv validated) and clone",
    "xlang_compat_utf8": "xlang, compatible(true), our strings as UTF-8 (xlang_utf8_strings)",
}


def order(seq, item):
    """Position of item in seq; unknown items sort last, by name."""
    return (seq.index(item), "") if item in seq else (len(seq), item)


def load(directory):
    """{(workload, config, op, lib): median ns} and the newest result time."""
    results = {}
    newest = 0.0
    for bench_json in directory.glob("**/new/benchmark.json"):
        estimates = bench_json.with_name("estimates.json")
        if not estimates.is_file():
            continue
        try:
            bench = json.loads(bench_json.read_text())
            est = json.loads(estimates.read_text())
        except (OSError, ValueError) as e:
            print(f"skipping {bench_json}: {e}", file=sys.stderr)
            continue
        parts = bench.get("full_id", "").split("/")
        if len(parts) != 4:
            continue
        results[tuple(parts)] = est["median"]["point_estimate"]
        newest = max(newest, estimates.stat().st_mtime)
    return results, newest


def load_sizes(directory):
    path = directory / "peers-sizes.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text())
    except ValueError as e:
        print(f"cannot read {path}: {e}", file=sys.stderr)
        return None


def fmt_time(ns):
    if ns is None:
        return "–"
    if ns < 1_000:
        return f"{ns:.1f} ns" if ns < 100 else f"{ns:.0f} ns"
    if ns < 1_000_000:
        us = ns / 1_000
        return f"{us:.2f} µs" if us < 10 else f"{us:.1f} µs" if us < 100 else f"{us:.0f} µs"
    ms = ns / 1_000_000
    return f"{ms:.2f} ms"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        nproc = os.cpu_count()
    try:
        rustc = subprocess.run(
            ["rustc", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        rustc = "rustc ?"
    return f"{cpu}, nproc {nproc}, {platform.system()} {platform.release()}, {rustc}"


def load_all(directories):
    """load() of each directory, a cell's median over them."""
    cells, newest = {}, 0.0
    for directory in directories:
        one, when = load(directory)
        for key, ns in one.items():
            cells.setdefault(key, []).append(ns)
        newest = max(newest, when)
    return {key: statistics.median(v) for key, v in cells.items()}, newest


def markdown(results, sizes, newest, runs=1):
    out = []
    when = (
        datetime.datetime.fromtimestamp(newest).strftime("%Y-%m-%d %H:%M")
        if newest
        else "no results"
    )
    out.append("# Fory for Rust vs the official `fory` 1.7.7 and serde peers")
    out.append("")
    out.append(f"- Machine: {machine()}")
    out.append(f"- Newest result: {when}; report made {datetime.date.today().isoformat()}")
    source = (
        "Medians of criterion's samples"
        if runs == 1
        else f"The median of {runs} medians of criterion's samples, one per run of a "
        "fresh copy of the bench binary (`scripts/bench-peers.sh`)"
    )
    out.append(
        f"- {source} (`benches/peers`, bench `struct_path`); "
        "ours/official < 1 means ours is faster; ours/clone compares deserialize "
        "with a deep `clone()` of the value."
    )
    out.append("")

    workloads = sorted({k[0] for k in results}, key=lambda w: order(WORKLOADS, w))
    for workload in workloads:
        clone = results.get((workload, "serde", "deserialize", "clone"))
        configs = sorted(
            {k[1] for k in results if k[0] == workload}, key=lambda c: order(CONFIGS, c)
        )
        for config in configs:
            keys = [k for k in results if k[0] == workload and k[1] == config]
            libs = sorted({k[3] for k in keys}, key=lambda l: order(LIBS, l))
            ops = sorted({k[2] for k in keys}, key=lambda o: order(OPS, o))
            ratio_official = "ours" in libs and "official" in libs
            ratio_clone = "ours" in libs and clone is not None
            out.append(f"## {workload} / {config}")
            out.append("")
            out.append(f"{CONFIG_TEXT.get(config, config)}")
            out.append("")
            header = ["op"] + libs
            if ratio_official:
                header.append("ours/official")
            if ratio_clone:
                header.append("ours/clone")
            out.append("| " + " | ".join(header) + " |")
            out.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
            for op in ops:
                row = [op] + [fmt_time(results.get((workload, config, op, l))) for l in libs]
                ours = results.get((workload, config, op, "ours"))
                if ratio_official:
                    row.append(fmt_ratio(ours, results.get((workload, config, op, "official"))))
                if ratio_clone:
                    row.append(fmt_ratio(ours, clone) if op == "deserialize" else "–")
                out.append("| " + " | ".join(row) + " |")
            out.append("")

    if sizes is not None:
        out.append("## Encoded sizes (bytes)")
        out.append("")
        by_workload = {}
        for row in sizes:
            workload, _, config = row["id"].partition("/")
            by_workload.setdefault(workload, []).append((config, row))
        for workload in sorted(by_workload, key=lambda w: order(WORKLOADS, w)):
            cells = []
            for config, row in sorted(
                by_workload[workload],
                key=lambda cr: (order(CONFIGS, cr[0]), order(LIBS, cr[1]["lib"])),
            ):
                value = row.get("bytes", "failed")
                cells.append(f"{row['lib']} {config}: {value}")
            out.append(f"- {workload}: " + "; ".join(cells))
        out.append("")
        failures = [r for r in sizes if "error" in r]
        if failures:
            out.append("## Failed checks (not timed)")
            out.append("")
            for r in failures:
                out.append(f"- `{r['id']}/{r['lib']}`: `{r['error']}`")
            out.append("")
    return "\n".join(out)


# the Fory configurations drawn: the four modes and the two ref-tracking ones
PLOTTED = CONFIGS[:6]

PALETTE = [
    "#1f5fa8", "#6fa8dc", "#0b3d6e", "#9fc5e8", "#3d85c6", "#073763",  # ours, by config
    "#c0392b", "#e59a8f", "#7b241c", "#f3c1b9", "#e06666", "#4c1130",  # official, by config
    "#2e8b57", "#b8860b", "#6a4c93", "#7f7f7f",  # bincode2, postcard, rkyv, clone
]


def series_of(results, workload):
    """(label, config, lib) for every bar series of a workload."""
    out = []
    for lib in ["ours", "official"]:
        for config in PLOTTED:
            if any(k[0] == workload and k[1] == config and k[3] == lib for k in results):
                out.append((f"{lib} {config}", config, lib))
    for lib in ["bincode2", "postcard", "rkyv", "clone"]:
        if any(k[0] == workload and k[1] == "serde" and k[3] == lib for k in results):
            out.append((lib, "serde", lib))
    return out


def color(label):
    names = [f"{l} {c}" for l in ["ours", "official"] for c in PLOTTED]
    names += ["bincode2", "postcard", "rkyv", "clone"]
    return PALETTE[names.index(label)] if label in names else "#444444"


def svg(results, newest, log_scale=True):
    workloads = sorted({k[0] for k in results}, key=lambda w: order(WORKLOADS, w))
    width, left, right = 1100, 80, 230
    panel_h, top_pad, gap = 260, 70, 70
    height = top_pad + len(workloads) * (panel_h + gap)
    when = datetime.datetime.fromtimestamp(newest).strftime("%Y-%m-%d") if newest else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">'
        "Median time per operation (lower is better), "
        f'{"log" if log_scale else "linear"} scale</text>',
        f'<text x="{width / 2}" y="44" text-anchor="middle" fill="#555">'
        f"{html.escape(machine())} — {when}</text>",
    ]
    plot_w = width - left - right
    for p, workload in enumerate(workloads):
        y0 = top_pad + p * (panel_h + gap) + 20
        y1 = y0 + panel_h
        series = series_of(results, workload)
        values = [
            v for (wl, _, _, _), v in results.items() if wl == workload and v and v > 0
        ]
        if not values:
            continue
        if log_scale:
            lo = 10 ** math.floor(math.log10(min(values)))
            hi = 10 ** math.ceil(math.log10(max(values)))
            if hi <= lo:
                hi = lo * 10

            def ypos(v, lo=lo, hi=hi, y0=y0, y1=y1):
                return y1 - (math.log10(v) - math.log10(lo)) / (
                    math.log10(hi) - math.log10(lo)
                ) * (y1 - y0)

            ticks = []
            t = lo
            while t <= hi * 1.0001:
                ticks.append(t)
                t *= 10
        else:
            lo, hi = 0.0, max(values) * 1.1

            def ypos(v, lo=lo, hi=hi, y0=y0, y1=y1):
                return y1 - (v - lo) / (hi - lo) * (y1 - y0)

            step = 10 ** math.floor(math.log10(hi / 5))
            ticks = [i * step for i in range(int(hi / step) + 1)][:12]
        parts.append(
            f'<text x="{left}" y="{y0 - 8}" font-size="14" font-weight="bold">'
            f"{html.escape(workload)}</text>"
        )
        for t in ticks:
            y = ypos(t) if t > 0 else y1
            parts.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                'stroke="#ddd"/>'
            )
            parts.append(
                f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#333">'
                f"{html.escape(fmt_time(t))}</text>"
            )
        parts.append(
            f'<line x1="{left}" x2="{left}" y1="{y0}" y2="{y1}" stroke="#333"/>'
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y1}" y2="{y1}" stroke="#333"/>'
        )
        group_w = plot_w / len(OPS)
        bar_w = min(22.0, (group_w - 20) / max(1, len(series)))
        for g, op in enumerate(OPS):
            gx = left + g * group_w + (group_w - bar_w * len(series)) / 2
            parts.append(
                f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{y1 + 18}" '
                f'text-anchor="middle">{op}</text>'
            )
            for s, (label, config, lib) in enumerate(series):
                v = results.get((workload, config, op, lib))
                if not v:
                    continue
                x = gx + s * bar_w
                y = ypos(v)
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" '
                    f'height="{max(0.5, y1 - y):.1f}" fill="{color(label)}">'
                    f"<title>{html.escape(f'{workload}/{config}/{op}/{lib}: {fmt_time(v)}')}"
                    "</title></rect>"
                )
        lx = left + plot_w + 20
        for s, (label, _, _) in enumerate(series):
            ly = y0 + 4 + s * 17
            parts.append(
                f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{color(label)}"/>'
                f'<text x="{lx + 18}" y="{ly + 10}">{html.escape(label)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--dir",
        type=Path,
        action="append",
        help="criterion output directory (repeatable: each cell's median over them)",
    )
    ap.add_argument("--md", type=Path, help="write the Markdown here instead of stdout")
    ap.add_argument("--svg", type=Path, help="write a grouped bar chart (SVG) here")
    ap.add_argument("--linear", action="store_true", help="linear rather than log scale")
    args = ap.parse_args()

    dirs = args.dir or [DEFAULT_DIR]
    results, newest = load_all(dirs)
    if not results:
        where = ", ".join(str(d) for d in dirs)
        sys.exit(f"no criterion results with ids <workload>/<config>/<op>/<lib> under {where}")
    text = markdown(results, load_sizes(dirs[0]), newest, runs=len(dirs))
    if args.md:
        args.md.write_text(text + "\n")
    else:
        print(text)
    if args.svg:
        args.svg.write_text(svg(results, newest, log_scale=not args.linear))


if __name__ == "__main__":
    main()
