"""Every Keycloak node runs the Java options the project gives it (devstack/keycloak_jvm.py)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from devstack import keycloak_jvm, process
from prodstack import layout


def java_command_line(script_pid: int) -> list[str]:
    """The arguments of the JVM that kc.sh (pid `script_pid`) started; kc.sh tags it with its own pid."""
    tag = f"-Dkc.script.pid={script_pid}"
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        if tag in arguments:
            return arguments
    raise AssertionError(f"no JVM started by kc.sh {script_pid}")


@pytest.mark.parametrize("node", layout.KEYCLOAK_NODES, ids=lambda node: node.name)
def test_each_node_runs_with_the_argon2_inlining(site, node):
    script = process.recorded_pid(node.name, place=layout.PLACE)
    assert script is not None, f"{node.name} is not running"
    arguments = java_command_line(script)
    for option in shlex.split(keycloak_jvm.JAVA_OPTS_APPEND):
        assert option in arguments


def test_the_method_the_option_names_exists_in_the_pinned_keycloak(site):
    # A CompileCommand naming a method that an upgrade renamed is silently ignored: the
    # fast hashing would be lost without a word, so the pinned distribution is checked.
    jar = keycloak_jvm.bouncycastle_jar(layout.KEYCLOAK_HOME)
    assert jar is not None, "no BouncyCastle jar in the Keycloak build"
    javap = shutil.which("javap")
    assert javap is not None, "javap (the JDK) is needed to read the jar"
    listing = subprocess.run([javap, "-p", "-cp", str(jar), keycloak_jvm.ARGON2_CLASS],
                             capture_output=True, text=True, check=True).stdout
    assert f" {keycloak_jvm.ARGON2_METHOD}(" in listing
