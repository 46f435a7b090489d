"""Timing oracles, measured side by side: does the time of a refusal tell an attacker something?

1. Sign-in through Keycloak's real form: an unknown user, a known user with a
   wrong password, and an account locked by brute-force protection. Before the
   even-timing form, the locked account answered in about a third of the time.
2. The dossier check on the bridge itself: an unknown number and a known
   number with a wrong name (3.2 ms against 3.8 ms before both did the same work).

Each kind is interleaved with the others in one run and the medians are
compared: a ratio near 1.00 means the time tells nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from devstack import stack as devstack
from devstack.bootstrap import admin_client
from devstack.paths import ROOT
from devstack.services import dev_environment
from tests.support import oidc
from tests.support.users import make_family_user, unique

RESULTS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- oracles:start -->", "<!-- oracles:end -->"
SAMPLE = ROOT / "data" / "sample-dossiers.csv"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench oracles")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    report = "\n\n".join([_sign_in_report(args.rounds), _verify_report(args.rounds * 10)])
    print(report)
    if args.write_docs:
        _write(report)
    return 0


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _refused_sign_in(username: str, password: str):
    page, _, _ = oidc.open_login("portail", "http://localhost:5000/famille/retour")

    def submit():
        answer = oidc.submit_login(page, username, password)
        if answer.status_code != 200:
            raise RuntimeError(f"sign-in of {username} was not refused ({answer.status_code})")

    return submit


def _sign_in_report(rounds: int) -> str:
    env = dev_environment()
    running = devstack.up(env)
    try:
        admin = admin_client(env)
        known, _, known_id = make_family_user(admin, prefix="bench-oracle")
        locked, password, _ = make_family_user(admin, prefix="bench-locked")
        for _ in range(6):
            _refused_sign_in(locked, "not-the-password")()
        kinds = {
            "unknown user": lambda: _refused_sign_in(unique("nobody"), password),
            "known user, wrong password": lambda: _unlocked(admin, known_id) or _refused_sign_in(known, "not-the-password"),
            "locked account, right password": lambda: _refused_sign_in(locked, password),
        }
        timings = _interleaved(kinds, rounds, warm_up=3)
    finally:
        running.stop()
    return _table("Refused sign-ins through Keycloak's form (POST of the form, page opened beforehand)",
                  timings, "unknown user", rounds)


def _unlocked(admin, user_id: str) -> None:
    """Forget the known user's failures (outside the timed part), so that it never becomes locked itself."""
    admin.connection.raw_delete(f"admin/realms/{oidc.REALM}/attack-detection/brute-force/users/{user_id}")


def _interleaved(kinds: dict, rounds: int, warm_up: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in kinds}
    for round_ in range(warm_up + rounds):
        order = list(kinds.items())
        random.shuffle(order)
        for name, prepare in order:
            call = prepare()
            elapsed = _timed(call)
            if round_ >= warm_up:
                timings[name].append(elapsed)
    return timings


def _verify_report(rounds: int) -> str:
    from dossier_bridge.app import create_app
    from dossier_bridge.config import Settings
    from dossier_bridge.db import transaction
    from dossier_bridge.migrate import upgrade
    from dossier_bridge.registry.csv_format import read_dossier_file
    from dossier_bridge.registry.importer import import_dossiers
    from dossier_bridge.web.context import services

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        upgrade(url)
        app = create_app(Settings.from_env({
            "BRIDGE_DATABASE_URL": url, "BRIDGE_API_SECRET": "bench-secret",
            "BRIDGE_VERIFY_LIMIT_PER_NUMBER": "1000000 per hour", "BRIDGE_VERIFY_LIMIT_PER_ADDRESS": "1000000 per hour",
            "BRIDGE_VERIFY_LIMIT_OVERALL": "1000000 per hour",
        }))
        with transaction(services(app).sessions) as session:
            import_dossiers(session, read_dossier_file(SAMPLE))
        client = app.test_client()

        def check(number: str, last: str):
            def call():
                answer = client.post("/api/v1/dossiers/verify", headers={"Authorization": "Bearer bench-secret"}, json={
                    "dossier_number": number, "last_name": last, "first_name": "Camille", "client_ip": "192.0.2.1"})
                if answer.get_json()["result"] != "no_match":
                    raise RuntimeError(answer.get_json())
            return call

        kinds = {"unknown number": lambda: check("999999", "Lefèvre"), "known number, wrong name": lambda: check("104233", "Durand")}
        timings = _interleaved(kinds, rounds, warm_up=50)
    return _table("Refused dossier checks on the bridge directly (Flask test client, SQLite)", timings,
                  "unknown number", rounds)


def _table(title: str, timings: dict[str, list[float]], reference: str, rounds: int) -> str:
    base = statistics.median(timings[reference])
    lines = [f"{title}, {rounds} of each kind, interleaved.", "",
             f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average "
             f"{os.getloadavg()[0]:.1f} at the end. Command: `python -m bench oracles`.", "",
             f"| kind | median ms | p90 ms | ratio to {reference} |", "| --- | --- | --- | --- |"]
    for name, values in timings.items():
        ordered = sorted(values)
        median = statistics.median(values)
        lines.append(f"| {name} | {median:.1f} | {ordered[int(0.9 * (len(ordered) - 1))]:.1f} | {median / base:.2f} |")
    return "\n".join(lines)


def _write(report: str) -> None:
    section = f"{START}\n## Timing oracles\n\n{report}\n{END}"
    text = RESULTS.read_text(encoding="utf-8")
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")
