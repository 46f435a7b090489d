"""Import benchmark: a whole city's billing export through ``dossier-bridge import-dossiers``, SQLite and PostgreSQL.

``python -m bench importing [--families 100000] [--write-docs] [--postgres-url URL]``

The generator's French families with a billing export's imperfections
(``bench/export_style.py``), written once. On each database: the first
import into an empty registry, the same file again (nothing changes), then
a newer export (one family in a hundred moved or changed phone). Each run
is the console command as operators run it, a child process whose wall time
and peak memory (PSS of the process tree) are measured. PostgreSQL is the
server named by ``--postgres-url`` or ``TEST_POSTGRES_URL``, or a throw-away
one started with ``scripts/test-postgres.sh`` (as root, inside the test
network namespace).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.generator import generate, write_dataset
from bench.docs_section import RESULTS, write_section
from bench.matching import load, machine
from bench.measure import Run, run_measured
from tests.support.databases import reset_postgres

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 60
GOAL_MB = 1024
SECTION = "Import of a whole city's export"


@dataclass
class Measured:
    backend: str
    what: str
    run: Run
    summary: str


def newer_export(source: Path, target: Path, seed: int) -> int:
    """The same export a month later: one family in a hundred moved or has a new phone."""
    rng = random.Random(seed)
    changed_numbers: set[str] = set()
    with source.open(encoding="utf-8", newline="") as src, target.open("w", encoding="utf-8", newline="") as out:
        reader = csv.reader(src, delimiter=";")
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(next(reader))
        decided: dict[str, bool] = {}
        for row in reader:
            number = row[0]
            if number not in decided:
                decided[number] = rng.random() < 0.01
            if decided[number] and len(row) >= 10:
                changed_numbers.add(number)
                row[7] = f"{rng.randint(1, 99)} rue des Lilas"
                if row[6]:
                    row[6] = "06" + "".join(rng.choice("0123456789") for _ in range(8))
            writer.writerow(row)
    return len(changed_numbers)


def run_import(csv_path: Path, database_url: str) -> tuple[Run, str]:
    out = csv_path.with_suffix(".out.txt")
    env = {"BRIDGE_DATABASE_URL": database_url}
    run = run_measured([sys.executable, "-m", "dossier_bridge.cli", "import-dossiers", str(csv_path)], stdout=out, env=env)
    summary = out.read_text(encoding="utf-8").strip().splitlines()[-1] if out.exists() and out.stat().st_size else ""
    return run, summary.split(": ", 1)[-1]


def measure_backend(backend: str, database_url: str, export: Path, newer: Path) -> list[Measured]:
    results = []
    for what, path in (("first import, empty registry", export), ("same file again", export),
                       ("newer export (1% of families changed)", newer)):
        print(f"… {backend}: {what}", flush=True)
        run, summary = run_import(path, database_url)
        results.append(Measured(backend, what, run, summary if run.ok else f"failed (exit {run.status})"))
    return results


def start_postgres() -> tuple[str | None, dict[str, str]]:
    """A PostgreSQL URL: from the environment, or a throw-away server started here (its environment returned)."""
    if os.environ.get("TEST_POSTGRES_URL"):
        return os.environ["TEST_POSTGRES_URL"], {}
    # A state folder of its own (where the postgres user can reach it):
    # another checkout's test server is left alone.
    env = {"TEST_POSTGRES_STATE": tempfile.mkdtemp(prefix="bench-import-postgres-")}
    script = ROOT / "scripts" / "test-postgres.sh"
    answer = subprocess.run([str(script), "start"], capture_output=True, text=True, env={**os.environ, **env})
    if answer.returncode != 0:
        print(f"PostgreSQL not measured: {answer.stderr.strip()[:300]}", flush=True)
        return None, {}
    for line in answer.stdout.splitlines():
        if "TEST_POSTGRES_URL=" in line:
            return line.split("TEST_POSTGRES_URL=", 1)[1].split()[0], env
    return None, env


def format_table(results: list[Measured], rows: int) -> str:
    lines = [
        f"| database | run ({rows:,} rows) | wall time (s) | peak memory (MB) | goal (< {GOAL_SECONDS} s, < 1 GB) | result |",
        "| --- | --- | ---: | ---: | --- | --- |",
    ]
    for m in results:
        met = "met" if m.run.ok and m.run.seconds < GOAL_SECONDS and m.run.peak_mb < GOAL_MB else "**not met**"
        lines.append(f"| {m.backend} | {m.what} | {m.run.seconds:.1f} | {m.run.peak_mb:.0f} | {met} | {m.summary} |")
    return "\n".join(lines)


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench importing", description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--postgres-url", default=None)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc)
    load_at_start = load()
    print(f"machine: {machine()}; load {load_at_start}\nwork files: {workdir}", flush=True)
    export, _ = write_dataset(generate(args.families, args.seed), workdir, f"export-{args.families // 1000}k")
    newer = workdir / f"export-{args.families // 1000}k-newer.csv"
    changed = newer_export(export, newer, args.seed)
    rows = sum(1 for _ in csv.reader(export.open(encoding="utf-8", newline=""), delimiter=";")) - 1
    print(f"{export}: {rows} rows; newer export: {changed} families changed", flush=True)

    results = measure_backend("SQLite", f"sqlite:///{workdir / 'registry.sqlite3'}", export, newer)
    postgres_url, started_env = args.postgres_url, {}
    if not args.no_postgres and postgres_url is None:
        postgres_url, started_env = start_postgres()
    try:
        if postgres_url:
            reset_postgres(postgres_url)
            results += measure_backend("PostgreSQL", postgres_url, export, newer)
    finally:
        if started_env:
            subprocess.run([str(ROOT / "scripts" / "test-postgres.sh"), "stop"], capture_output=True,
                           env={**os.environ, **started_env})
    table = format_table(results, rows)
    load_at_end = load()
    print("\n" + table + "\n", flush=True)
    report = (
        f"Measured {started:%Y-%m-%d} on {machine()}; load average (1 / 5 / 15 min, `uptime`) {load_at_start} at "
        f"the start and {load_at_end} at the end.\n"
        f"Command: `python -m bench importing` (`make bench` runs every benchmark). The export: "
        f"{args.families:,} families of the generator with a billing export's imperfections, {rows:,} rows; "
        f"the newer export changes the address and phone of {changed:,} families.\n\n{table}\n\n"
        "Each run is `dossier-bridge import-dossiers FILE.csv` as an operator types it (the migrations check "
        "included), in one transaction; wall time and the peak of the summed proportional memory of the process "
        "are measured from outside. The throw-away PostgreSQL server of the tests runs with `fsync=off`; a "
        "production server writes to disk at every commit, which adds little here (one commit per import).\n"
    )
    if args.write_docs:
        write_section("importing", SECTION, report)
        print(f"wrote the section of {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
