"""`pytest -m unit|integration|browser|bench` and `make test-unit` select what their names say (tests/conftest.py)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TIERS, tier_of

ROOT = Path(__file__).resolve().parents[2]
# One light module of each tier: collecting the whole suite takes too long for the unit tier.
SAMPLE = {"unit": "tests/unit/test_config.py", "integration": "tests/integration/test_stack_up.py",
          "browser": "tests/browser/test_screenshots.py", "bench": "tests/bench/test_baseline_configuration.py",
          "prod": "tests/prod/test_rate_limit.py"}


# One process collects with each marker in turn: Python and the test modules load once.
_COLLECT_EACH_TIER = """
import sys, pytest
for tier in sys.argv[1].split(","):
    print("== " + tier, flush=True)
    pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "-m", tier, *sys.argv[2:]])
"""


@pytest.fixture(scope="module")
def selected() -> dict[str, list[str]]:
    """What `pytest -m <tier>` selects among a module of each tier (the real pytest, in a process of its own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run([sys.executable, "-c", _COLLECT_EACH_TIER, ",".join(TIERS), *SAMPLE.values()],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    chosen: dict[str, list[str]] = {}
    for line in run.stdout.splitlines():
        if line.startswith("== "):
            chosen[line[3:]] = []
        elif "::" in line:
            chosen[list(chosen)[-1]].append(line)
    assert list(chosen) == list(TIERS), run.stdout
    return chosen


@pytest.mark.parametrize("tier", TIERS)
def test_each_marker_selects_its_folder_and_only_it(selected, tier):
    assert selected[tier], f"-m {tier} selected nothing"
    assert all(node.startswith(f"{SAMPLE[tier]}::") for node in selected[tier]), selected[tier]


def test_every_test_of_this_run_carries_its_folders_marker(request):
    for item in request.session.items:
        tier = tier_of(item.path)
        assert tier in TIERS and item.get_closest_marker(tier), item.nodeid
        assert not any(item.get_closest_marker(other) for other in TIERS if other != tier), item.nodeid


def test_make_test_unit_runs_the_unit_marker_on_the_unit_folder():
    dry_run = subprocess.run(["make", "-n", "-s", "test-unit"], cwd=ROOT, capture_output=True, text=True, check=True)
    commands = [shlex.split(line) for line in dry_run.stdout.splitlines() if " -m pytest" in line]
    assert len(commands) == 1, dry_run.stdout
    args = commands[0][commands[0].index("pytest") + 1:]
    assert args[args.index("-m") + 1] == "unit"
    option_values = {args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-m", "-p")}
    paths = [a for a in args if not a.startswith("-") and a not in option_values]
    assert paths and all(Path(p).parts[:2] == ("tests", "unit") for p in paths), args
    # Nothing that needs Java, Keycloak, Chromium or root on the way.
    assert not any(word in dry_run.stdout for word in ("mvn", "install-system-deps", "kc.sh", "sudo")), dry_run.stdout


class _Item:
    """Just what the tier hook reads of a collected test."""

    def __init__(self, relative: str, fixtures: tuple[str, ...] = ()):
        self.path = ROOT / relative.split("::")[0]
        self.nodeid, self.fixturenames, self.markers = relative, fixtures, []

    def add_marker(self, marker: str) -> None:
        self.markers.append(marker)


def test_a_unit_test_asking_for_the_stack_or_a_test_outside_the_tiers_is_refused():
    from tests.conftest import pytest_collection_modifyitems

    fine = [_Item("tests/unit/test_a.py::test_a", ("database_url",)), _Item("tests/browser/test_b.py::test_b", ("stack",)),
            _Item("tests/integration/sub/test_c.py::test_c", ("kc_admin", "stack"))]
    pytest_collection_modifyitems(None, fine)
    assert [item.markers for item in fine] == [["unit"], ["browser"], ["integration"]]
    with pytest.raises(pytest.UsageError, match="must not use the running stack"):
        pytest_collection_modifyitems(None, [_Item("tests/unit/test_c.py::test_c", ("kc_admin", "stack"))])
    with pytest.raises(pytest.UsageError, match="have no tier"):
        pytest_collection_modifyitems(None, [_Item("tests/test_d.py::test_d")])
