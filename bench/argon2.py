"""Keycloak's password hashing in fresh JVMs, with and without the project's Argon2 inlining.

Most of a password sign-in's CPU is Argon2 (BouncyCastle, Keycloak's default
hashing). HotSpot may or may not inline `quarterRound` into `roundFunction`,
depending on timing, and a JVM keeps its choice for its whole life; see
devstack/keycloak_jvm.py. This benchmark starts fresh JVMs one after the
other, alternating the default options and the project's
(`keycloak_jvm.JAVA_OPTS_APPEND`), and prints each start's rate of hashes
per second on one thread, with Keycloak's default parameters and the very
BouncyCastle jar of the pinned Keycloak distribution.

Goal: every start within 0.8 of the median start (the slowest / median ratio
>= 0.8), where the default options leave some starts at about half the rate.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench.docs_section import write_section
from devstack import keycloak_jvm
from devstack.paths import keycloak_home

SOURCE = Path(__file__).parent / "java" / "Argon2Rate.java"
GOAL = 0.8
VARIANTS = {"default options": [], "project's options": shlex.split(keycloak_jvm.JAVA_OPTS_APPEND)}


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench argon2")
    parser.add_argument("--starts", type=int, default=10, help="fresh JVMs of each kind")
    parser.add_argument("--quick", action="store_true", help="4 starts of each kind")
    parser.add_argument("--write-docs", action="store_true", help="replace the section of docs/benchmarks.md")
    args = parser.parse_args(argv)
    starts = 4 if args.quick else args.starts
    java, javac = _java_tools()
    jar = _bouncycastle_jar()
    with tempfile.TemporaryDirectory() as classes:
        subprocess.run([javac, "-cp", str(jar), "-d", classes, str(SOURCE)], check=True)
        rates: dict[str, list[float]] = {name: [] for name in VARIANTS}
        for _ in range(starts):
            for name, options in VARIANTS.items():  # alternated, so machine noise falls on both alike
                rates[name].append(_one_start(java, options, f"{jar}{os.pathsep}{classes}"))
    report = _report(rates, java)
    print(report)
    if args.write_docs:
        write_section("argon2", "Password hashing in fresh Keycloak JVMs", report)
    return 0 if min(rates["project's options"]) >= GOAL * statistics.median(rates["project's options"]) else 1


def _java_tools() -> tuple[str, str]:
    """The java that kc.sh would run (JAVA_HOME first, as kc.sh does), and its javac."""
    home = os.environ.get("JAVA_HOME")
    if home:
        return str(Path(home) / "bin" / "java"), str(Path(home) / "bin" / "javac")
    java = shutil.which("java")
    if java is None:
        raise SystemExit("bench argon2: no java on PATH and JAVA_HOME is not set")
    return java, str(Path(os.path.realpath(java)).parent / "javac")


def _bouncycastle_jar() -> Path:
    jar = keycloak_jvm.bouncycastle_jar(keycloak_home())
    if jar is None:
        raise SystemExit(f"bench argon2: no BouncyCastle jar under {keycloak_home()}; run `make keycloak-dist`")
    return jar


def _one_start(java: str, options: list[str], classpath: str) -> float:
    """The median of one fresh JVM's measured rounds (3 warm-up rounds of 3 s, then 3 measured)."""
    result = subprocess.run([java, "-Xmx512m", "-XX:CompileCommand=quiet", *options, "-cp", classpath,
                             "Argon2Rate", "3", "3", "3"], capture_output=True, text=True, check=True)
    return statistics.median(float(rate) for rate in result.stdout.split())


def _report(rates: dict[str, list[float]], java: str) -> str:
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    lines = [
        f"Fresh JVMs, one after the other, alternating the two kinds; each hashes on one thread with Keycloak's "
        f"default Argon2id parameters (7 MiB, 5 iterations, 1 lane) for 9 s of warm-up, then 9 s measured. "
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, {version}. "
        f"Command: `.venv/bin/python -m bench argon2`. Project's options: `{keycloak_jvm.JAVA_OPTS_APPEND}`.",
        "",
        "| JVM options | hashes per second of each start | median | slowest / median |",
        "| --- | --- | --- | --- |",
    ]
    for name, values in rates.items():
        median = statistics.median(values)
        lines.append(f"| {name} | {', '.join(f'{v:.1f}' for v in values)} | {median:.1f} | "
                     f"**{min(values) / median:.2f}** |")
    lines += ["", f"Goal: with the project's options, every start at least {GOAL} of the median start."]
    return "\n".join(lines)
