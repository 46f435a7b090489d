"""Running the Locust scenarios against the production-like site, and reading what they measured."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.registration import import_rows
from devstack.bootstrap import ensure_user
from devstack.paths import ROOT, VENV_BIN
from prodstack import environment

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
PASSWORD = "Charge-Famille-2026!"


@dataclass
class RequestStats:
    name: str
    requests: int
    failures: int
    median_ms: float
    p95_ms: float
    per_second: float


@dataclass
class LoadResult:
    requests: list[RequestStats]
    ledger: list[dict] = field(default_factory=list)
    # What went wrong, as Locust counted it: "request name: error (xN)".
    failures: list[str] = field(default_factory=list)

    def by_name(self, name: str) -> RequestStats:
        return next(r for r in self.requests if r.name == name)

    @property
    def total(self) -> RequestStats:
        return self.by_name("Aggregated")


def make_accounts(admin, count: int) -> list[dict]:
    """Activated family accounts that sign in during the load."""
    accounts = []
    for _ in range(count):
        username = f"charge-{uuid.uuid4().hex[:10]}"
        ensure_user(admin, username, PASSWORD, email=f"{username}@example.org", first_name="Charge",
                    last_name="Famille")
        accounts.append({"username": username, "password": PASSWORD})
    return accounts


def import_dossiers(settings: dict[str, str], count: int) -> list[dict]:
    """Dossiers with one responsible adult each, imported in one file, for families to sign up with."""
    base = random.randint(20_000_000, 89_999_999 - count)
    dossiers = []
    for i in range(count):
        number, tag = str(base + i), uuid.uuid4().hex[:8]
        dossiers.append({"number": number, "last_name": "CHARGE", "first_name": f"Famille{number}",
                         "username": f"inscription-{tag}", "email": f"inscription-{tag}@example.org"})
    import_rows(environment.bridge(settings),
                [f"{d['number']};responsable;{d['last_name']};{d['first_name']};;;;;28000;Chartres" for d in dossiers])
    return dossiers


def start(config: dict, users: int, seconds: int, folder: Path, classes: tuple[str, ...]) -> subprocess.Popen:
    """Start Locust headless in the background; `finish` waits for it and reads its figures."""
    folder.mkdir(parents=True, exist_ok=True)
    config = {**config, "ledger": str(folder / "ledger.jsonl"), "password": PASSWORD}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    command = [str(VENV_BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--users", str(users),
               "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--stop-timeout", "90",
               "--csv", str(folder / "stats"), "--only-summary", "--exit-code-on-error", "0",
               "--loglevel", "WARNING", *classes]
    log = open(folder / "locust.log", "wb")
    return subprocess.Popen(command, cwd=ROOT, env={**environment.base_environment(), "LOAD_CONFIG": str(folder / "config.json")},
                            stdout=log, stderr=subprocess.STDOUT)


def finish(proc: subprocess.Popen, folder: Path, timeout: float = 400) -> LoadResult:
    if proc.wait(timeout=timeout) != 0:
        raise RuntimeError(f"locust exited with {proc.returncode}; see {folder / 'locust.log'}")
    with open(folder / "stats_stats.csv", encoding="utf-8") as handle:
        rows = [RequestStats(r["Name"], int(r["Request Count"]), int(r["Failure Count"]),
                             float(r["50%"] or 0), float(r["95%"] or 0), float(r["Requests/s"] or 0))
                for r in csv.DictReader(handle)]
    with open(folder / "stats_failures.csv", encoding="utf-8") as handle:
        failures = [f"{r['Name']}: {r['Error']} (x{r['Occurrences']})" for r in csv.DictReader(handle)]
    ledger_file = folder / "ledger.jsonl"
    ledger = [json.loads(line) for line in ledger_file.read_text().splitlines()] if ledger_file.exists() else []
    return LoadResult(rows, ledger, failures)


def run(config: dict, users: int, seconds: int, folder: Path, classes: tuple[str, ...]) -> LoadResult:
    return finish(start(config, users, seconds, folder, classes), folder)
