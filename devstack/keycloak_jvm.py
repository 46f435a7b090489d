"""Java options every Keycloak of the project runs with: the dev stack, `make prod-like` and the image.

Most of a password sign-in's CPU is Argon2 hashing (BouncyCastle's Java
implementation, Keycloak's default). Whether HotSpot's optimizing compiler
inlines its `quarterRound` into `roundFunction` depends on the order in
which methods become hot, so it differs from one JVM start to the next; a
JVM that does not inline it hashes at about half the rate for as long as it
runs. On this project's machine, 10 fresh JVMs of 25 landed on the slow code
(Java 17; Java 25 behaves the same). A two-node cluster then often has one
node that needs twice the CPU per sign-in of the other. Forcing the
inlining gives every start the fast code (`python -m bench argon2`,
docs/operations.md "Keycloak's JVM").
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

ARGON2_CLASS = "org.bouncycastle.crypto.generators.Argon2BytesGenerator"
ARGON2_METHOD = "quarterRound"
ARGON2_INLINING = f"-XX:CompileCommand=inline,{ARGON2_CLASS}::{ARGON2_METHOD}"

# Keycloak's kc.sh adds JAVA_OPTS_APPEND to its own defaults (heap, GC), which stay as they are.
JAVA_OPTS_APPEND = ARGON2_INLINING


def with_java_options(env: Mapping[str, str]) -> dict[str, str]:
    """`env` for kc.sh, keeping Java options the operator appended and adding the project's."""
    own = env.get("JAVA_OPTS_APPEND", "").strip()
    if JAVA_OPTS_APPEND in own.split():
        return dict(env)
    return {**env, "JAVA_OPTS_APPEND": f"{own} {JAVA_OPTS_APPEND}".strip()}


def bouncycastle_jar(keycloak_home: Path) -> Path | None:
    """The BouncyCastle jar (the one with Argon2) of a Keycloak distribution or build, if it has one."""
    jars = sorted((keycloak_home / "lib" / "lib" / "main").glob("org.bouncycastle.bcprov-*.jar"))
    return jars[-1] if jars else None
