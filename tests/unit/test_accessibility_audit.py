"""The RGAA audit grid (docs/accessibility/) is complete and consistent, and the statement's figures follow from it."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from dossier_bridge.accessibility import audit as audit_module
from dossier_bridge.accessibility.audit import load, problems
from dossier_bridge.accessibility.statement import NONE, PARTIAL, TOTAL, percent, result

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "docs" / "accessibility"


@pytest.fixture(scope="module")
def audit():
    return load(AUDIT)


def test_the_grid_is_complete_and_consistent(audit):
    """106 criteria × every page of the sample, each with a status (C, NC, NA) and evidence that exists."""
    assert not problems(audit), "\n".join(problems(audit))
    assert len(audit.criteria) == 106
    assert len(audit.assessments) == 106 * len(audit.pages)


def test_every_test_the_grid_cites_exists(audit):
    cited = {e.removeprefix("test:") for row in audit.assessments for e in row.evidence if e.startswith("test:")}
    for reference in cited:
        path, _, name = reference.partition("::")
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        assert name in names, f"the grid cites {reference}, which does not exist"


def test_every_automated_check_is_implemented_and_documented(audit):
    """checks.csv and the browser suite's CHECKS name the same checks."""
    from tests.browser.rgaa.checks import CHECKS

    assert {c.name for c in audit.checks} == set(CHECKS)


def test_the_sample_is_the_one_the_browser_suite_opens(audit):
    from tests.browser.rgaa.sample import SAMPLE

    assert [p.id for p in audit.pages] == list(SAMPLE)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "accessibility"
    shutil.copytree(AUDIT, folder)
    return folder


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _write(folder: Path, name: str, rows: list[dict[str, str]]) -> None:
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_sample_page_without_rows_is_reported(tmp_path):
    folder = _copy(tmp_path)
    sample = _rows(folder, "sample.csv")
    _write(folder, "sample.csv", sample + [{**sample[0], "page": "plan-du-site-oublie"}])
    assert "grid.csv: page plan-du-site-oublie of the sample has no row" in problems(load(folder))


def test_a_criterion_without_status_is_reported(tmp_path):
    folder = _copy(tmp_path)
    rows = _rows(folder, "grid.csv")
    page = rows[0]["page"]
    _write(folder, "grid.csv", [r for r in rows if not (r["criterion"] == "11.13" and r["page"] == page)])
    assert f"grid.csv: page {page} has no status for criteria 11.13" in problems(load(folder))


@pytest.mark.parametrize("change, message", [
    ({"status": "NT"}, "status 'NT' is not one of C, NC, NA"),
    ({"status": ""}, "status '' is not one of C, NC, NA"),
    ({"evidence": ""}, "no evidence"),
    ({"status": "NA", "note": ""}, "NA needs a note saying why"),
    ({"status": "NC", "note": ""}, "NC needs a note saying why"),
    ({"evidence": "auto:nothing_of_the_kind"}, "automated check 'nothing_of_the_kind' is not in checks.csv"),
    ({"evidence": "auto:reflow"}, "automated check 'reflow' does not check criterion 1.1 in checks.csv"),
    ({"evidence": "manual:M-nowhere"}, "manual protocol M-nowhere is not described in manual-checks.md"),
    ({"evidence": "checked it"}, "evidence 'checked it' is not auto:<check>, manual:M-<id> or test:<file>::<test>"),
])
def test_a_row_without_a_valid_status_or_evidence_is_reported(tmp_path, change, message):
    folder = _copy(tmp_path)
    rows = _rows(folder, "grid.csv")
    assert rows[0]["criterion"] == "1.1"
    rows[0].update(change)
    _write(folder, "grid.csv", rows)
    assert any(p.endswith(message) for p in problems(load(folder))), problems(load(folder))


def test_a_missing_grid_gives_no_conformance(tmp_path):
    found = result(load(tmp_path / "nothing-here"))
    assert found.level == NONE and found.rate is None and not found.complete
    assert found.problems


def _grid(statuses: dict[tuple[str, str], str], pages=("p1", "p2"), processes=None):
    """A complete audit in memory: every criterion C on every page, but for `statuses`."""
    real = load(AUDIT)
    processes = processes or {}
    sample = tuple(audit_module.SamplePage(p, "public", processes.get(p, ""), p, p, "/") for p in pages)
    rows = tuple(
        audit_module.Assessment(c.id, p, statuses.get((c.id, p), "C"), ("manual:M-forms",), "pourquoi")
        for c in real.criteria for p in pages
    )
    return audit_module.Audit(real.criteria, sample, rows, real.checks, real.manual_protocols,
                              audit_module.AuditInfo(established=dt.date(2026, 11, 29)))


def test_rate_counts_criteria_not_pages_and_never_rounds_up():
    one_failure = result(_grid({("11.12", "p2"): "NC"}))
    assert one_failure.level == PARTIAL
    assert (one_failure.respected, one_failure.applicable) == (105, 106)
    assert percent(one_failure.rate) == "99,05"
    assert [n.criterion for n in one_failure.non_conformities] == ["11.12"]
    assert one_failure.non_conformities[0].pages == ("p2",)


def test_a_criterion_non_applicable_everywhere_is_left_out_and_na_on_one_page_counts_as_respected():
    found = result(_grid({("2.1", "p1"): "NA", ("2.1", "p2"): "NA", ("5.4", "p1"): "NA"}))
    assert (found.level, found.respected, found.applicable, found.rate) == (TOTAL, 105, 105, Fraction(1))
    assert percent(found.rate) == "100"


def test_below_half_is_non_conforme():
    failures = {(c.id, "p1"): "NC" for c in load(AUDIT).criteria[:54]}
    assert result(_grid(failures)).level == NONE
    failures.popitem()
    assert result(_grid(failures)).level == PARTIAL


def test_average_rate_applies_the_process_rule():
    """A criterion failed on one step of a process fails on every step of it, for the pages' rates."""
    found = result(_grid({("11.10", "p1"): "NC"}, pages=("p1", "p2", "p3"), processes={"p1": "signup", "p2": "signup"}))
    assert found.average_rate == (Fraction(105, 106) * 2 + 1) / 3


def test_a_new_page_gets_its_rows_from_a_similar_one(tmp_path):
    """scripts/rgaa_grid.py add-page: the page the sample gained is complete, the others unchanged."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("rgaa_grid", ROOT / "scripts" / "rgaa_grid.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    folder = _copy(tmp_path)
    sample = _rows(folder, "sample.csv")
    _write(folder, "sample.csv", sample + [{**sample[0], "page": "mentions-legales"}])
    assert tool.main(["--audit", str(folder), "add-page", "mentions-legales", "--like", "aide"]) == 0
    audit = load(folder)
    assert not problems(audit)
    assert {c.id: audit.status(c.id, "mentions-legales") for c in audit.criteria} == \
        {c.id: audit.status(c.id, "aide") for c in audit.criteria}
    assert tool.main(["--audit", str(folder), "add-page", "mentions-legales", "--like", "aide"]) == 1
