"""Registrations through Keycloak's real form, with and without a dossier number, side by side.

Goal (issue "sign-up with a dossier number"): the dossier check adds under
5 % to a registration. Both kinds are interleaved in one run on the same
stack, so machine noise falls on both alike; the median of each is compared.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.docs_section import write_section
from devstack import stack as devstack
from devstack.paths import ROOT, VENV_BIN
from devstack.services import dev_environment
from tests.support.addresses import move_to
from tests.support.signup import Family, open_registration_form, submit

HEADER = "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench registration")
    parser.add_argument("--rounds", type=int, default=40, help="registrations of each kind")
    parser.add_argument("--quick", action="store_true", help="10 rounds")
    parser.add_argument("--write-docs", action="store_true", help="replace the section of docs/benchmarks.md")
    args = parser.parse_args(argv)
    rounds = 10 if args.quick else args.rounds
    env = dev_environment()
    running = devstack.up(env)
    try:
        numbers = import_dossiers(env, rounds + 3)
        measure(numbers[:3])  # warm-up: JIT, connection pools, caches
        timings = measure(numbers[3:])
    finally:
        running.stop()
    report = _report(timings, rounds)
    print(report)
    if args.write_docs:
        write_section("registration", "Registration with and without a dossier number", report)
    return 0


def import_dossiers(env, count: int) -> list[str]:
    base = random.randint(20_000_000, 89_999_999)
    numbers = [str(base + i) for i in range(count)]
    import_rows(env, [f"{n};responsable;BENCHMARK;Famille{n};;;;;28000;Chartres" for n in numbers])
    return numbers


def import_rows(env, rows: list[str]) -> None:
    """Rows of the import format, through `dossier-bridge import-dossiers` as a city's import runs."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as handle:
        handle.write("\n".join([HEADER, *rows]) + "\n")
    try:
        result = subprocess.run([str(VENV_BIN / "dossier-bridge"), "import-dossiers", handle.name], env=env,
                                cwd=ROOT, capture_output=True, text=True)
    finally:
        os.unlink(handle.name)
    if result.returncode != 0:
        raise RuntimeError(f"import-dossiers failed: {result.stderr}")


def measure(numbers: list[str], created: list[str] | None = None) -> dict[str, list[float]]:
    """Registrations with and without a number; the accounts' usernames go to `created` when given."""
    timings: dict[str, list[float]] = {"with number": [], "without number": []}
    for number in numbers:
        kinds = [("with number", number), ("without number", "")]
        random.shuffle(kinds)  # neither kind always runs first
        for kind, typed in kinds:
            family = Family("Benchmark", f"Famille{number}" if typed else "Sans", typed)
            if created is not None:
                created.append(family.username)
            page = open_registration_form()
            # Each family signs up from home: the bridge's per-address budget counts it apart.
            move_to(page.session)
            started = time.perf_counter()
            answer = submit(page, family)
            elapsed = time.perf_counter() - started
            if answer.response.status_code != 200 or answer.soup.find(id="input-error-dossierNumber"):
                raise RuntimeError(f"registration {kind} failed: {answer.response.status_code}")
            timings[kind].append(elapsed * 1000)
    return timings


def overhead_ratio(timings: dict[str, list[float]]) -> float:
    """The median registration with a number over the median without."""
    return statistics.median(timings["with number"]) / statistics.median(timings["without number"])


def overhead_percent(timings: dict[str, list[float]]) -> float:
    """What the check adds to a registration, in percent of one without it."""
    return (overhead_ratio(timings) - 1) * 100


def overhead_interval(timings: dict[str, list[float]], resamples: int = 2000, seed: int = 12) -> tuple[float, float]:
    """A 95 % bootstrap interval of :func:`overhead_percent`.

    The registrations are measured in pairs (one of each kind, side by side), so
    pairs are drawn again with replacement: the interval says how far the figure
    could move on another run of the same length on the same machine.
    """
    pairs = list(zip(timings["with number"], timings["without number"]))
    draw = random.Random(seed)
    figures = []
    for _ in range(resamples):
        sample = [pairs[draw.randrange(len(pairs))] for _ in pairs]
        figures.append(overhead_percent({"with number": [w for w, _ in sample],
                                         "without number": [wo for _, wo in sample]}))
    figures.sort()
    return figures[int(0.025 * resamples)], figures[int(0.975 * resamples) - 1]


def overhead_sentence(timings: dict[str, list[float]]) -> str:
    low, high = overhead_interval(timings)
    return (f"**{overhead_percent(timings):+.1f} %** (95 % bootstrap interval over the pairs: {low:+.1f} to "
            f"{high:+.1f} %; goal: under 5 %)")


def _report(timings: dict[str, list[float]], rounds: int) -> str:
    lines = [
        f"Registrations through the real form (POST of the filled form to the verify-e-mail page), "
        f"{rounds} of each kind, interleaved in one run.",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}. "
        f"Command: `make bench` (or `.venv/bin/python -m bench registration`).",
        "",
        "| kind | median ms | p90 ms | mean ms |",
        "| --- | --- | --- | --- |",
    ]
    for kind, values in timings.items():
        ordered = sorted(values)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        lines.append(f"| {kind} | {statistics.median(values):.1f} | {p90:.1f} | {statistics.mean(values):.1f} |")
    lines += ["", f"Ratio of medians (with / without): **{overhead_ratio(timings):.3f}**, i.e. the dossier check adds "
              f"{overhead_sentence(timings)} to a registration."]
    return "\n".join(lines)


