"""The audit grid in ``docs/accessibility/``: read it, and list what makes it incomplete or inconsistent.

Files (all UTF-8, ``;``-separated where CSV):

- ``criteria.csv``: the 106 criteria of RGAA 4.1.2 (``criterion;theme;title_fr;wcag``);
- ``sample.csv``: the pages of the sample (``page;area;process;name_fr;name_en;reached``);
  pages sharing a ``process`` are the steps of one process;
- ``grid.csv``: one row per criterion and page (``criterion;page;status;evidence;note``),
  status ``C`` (conforme), ``NC`` (non conforme) or ``NA`` (non applicable);
- ``checks.csv``: the automated checks of the browser suite and the criteria each one
  gives evidence for (``check;criteria;what``);
- ``manual-checks.md``: the manual protocols, one ``## M-…`` heading each;
- ``audit.toml``: who audited, when, with what.

Evidence is one or more of ``auto:<check>``, ``manual:<protocol>`` and
``test:<file>::<test>``, joined by `` + ``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

CRITERIA_COUNT = 106
CONFORM, NOT_CONFORM, NOT_APPLICABLE = "C", "NC", "NA"
STATUSES = (CONFORM, NOT_CONFORM, NOT_APPLICABLE)
AREAS = ("famille", "public", "agents")
_EVIDENCE = re.compile(r"^(auto:[a-z0-9_]+|manual:M-[0-9a-z.-]+|test:tests/[\w/]+\.py::\w+)$")
_MANUAL_HEADING = re.compile(r"^## (M-[0-9a-z.-]+)\b", re.MULTILINE)


@dataclass(frozen=True)
class Criterion:
    id: str
    theme: str
    title: str
    wcag: str


@dataclass(frozen=True)
class SamplePage:
    id: str
    area: str
    process: str
    name_fr: str
    name_en: str
    reached: str

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_fr


@dataclass(frozen=True)
class Assessment:
    criterion: str
    page: str
    status: str
    evidence: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Check:
    name: str
    criteria: frozenset[str]
    what: str


@dataclass(frozen=True)
class AuditInfo:
    """``audit.toml``: the facts the statement gives about the audit itself."""

    referential: str = "RGAA 4.1.2"
    auditor: str = ""
    established: dt.date | None = None
    updated: dt.date | None = None
    technologies: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    environment: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()
    derogations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Audit:
    criteria: tuple[Criterion, ...] = ()
    pages: tuple[SamplePage, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    checks: tuple[Check, ...] = ()
    manual_protocols: frozenset[str] = frozenset()
    info: AuditInfo = field(default_factory=AuditInfo)
    load_errors: tuple[str, ...] = ()

    def status(self, criterion: str, page: str) -> str | None:
        for row in self.assessments:
            if row.criterion == criterion and row.page == page:
                return row.status
        return None

    def by_criterion(self) -> dict[str, dict[str, Assessment]]:
        grid: dict[str, dict[str, Assessment]] = {c.id: {} for c in self.criteria}
        for row in self.assessments:
            grid.setdefault(row.criterion, {})[row.page] = row
        return grid


def load(folder: Path) -> Audit:
    """The audit in `folder`; a missing or unreadable file is a load error, never an exception."""
    errors: list[str] = []

    def rows(name: str) -> list[dict[str, str]]:
        path = folder / name
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle, delimiter=";")]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            errors.append(f"{name}: cannot be read ({exc})")
            return []

    criteria = tuple(Criterion(r.get("criterion", ""), r.get("theme", ""), r.get("title_fr", ""), r.get("wcag", ""))
                     for r in rows("criteria.csv"))
    pages = tuple(SamplePage(r.get("page", ""), r.get("area", ""), r.get("process", ""), r.get("name_fr", ""),
                             r.get("name_en", ""), r.get("reached", "")) for r in rows("sample.csv"))
    assessments = tuple(
        Assessment(r.get("criterion", ""), r.get("page", ""), r.get("status", ""),
                   tuple(e.strip() for e in r.get("evidence", "").split(" + ") if e.strip()), r.get("note", ""))
        for r in rows("grid.csv")
    )
    checks = tuple(Check(r.get("check", ""), frozenset(r.get("criteria", "").split()), r.get("what", ""))
                   for r in rows("checks.csv"))
    try:
        manual = frozenset(_MANUAL_HEADING.findall((folder / "manual-checks.md").read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"manual-checks.md: cannot be read ({exc})")
        manual = frozenset()
    return Audit(criteria, pages, assessments, checks, manual, _info(folder / "audit.toml", errors), tuple(errors))


def _info(path: Path, errors: list[str]) -> AuditInfo:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        errors.append(f"audit.toml: cannot be read ({exc})")
        return AuditInfo()

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    def date(key: str) -> dt.date | None:
        value = data.get(key)
        if value is not None and not isinstance(value, dt.date):
            errors.append(f"audit.toml: {key} must be a date (YYYY-MM-DD)")
            return None
        return value

    return AuditInfo(
        referential=str(data.get("referential", "RGAA 4.1.2")), auditor=str(data.get("auditor", "")),
        established=date("established"), updated=date("updated"),
        technologies=strings("technologies"), tools=strings("tools"), environment=strings("environment"),
        exempt=strings("exempt"), derogations=strings("derogations"),
    )


def problems(audit: Audit) -> list[str]:
    """Everything that keeps the grid from being a complete audit (English, for the people who keep it)."""
    found = list(audit.load_errors)
    found += _criteria_problems(audit)
    found += _sample_problems(audit)
    found += _grid_problems(audit)
    if audit.info.established is None:
        found.append("audit.toml: no `established` date")
    return found


def _criteria_problems(audit: Audit) -> list[str]:
    ids = [c.id for c in audit.criteria]
    found = [f"criteria.csv: criterion {c} listed {n} times" for c, n in Counter(ids).items() if n > 1]
    if len(set(ids)) != CRITERIA_COUNT:
        found.append(f"criteria.csv: {len(set(ids))} criteria, RGAA 4.1 has {CRITERIA_COUNT}")
    return found


def _sample_problems(audit: Audit) -> list[str]:
    ids = [p.id for p in audit.pages]
    found = [f"sample.csv: page {p} listed {n} times" for p, n in Counter(ids).items() if n > 1]
    if not ids:
        found.append("sample.csv: the sample is empty")
    for page in audit.pages:
        if not (page.id and page.name_fr and page.name_en and page.reached):
            found.append(f"sample.csv: page {page.id or '?'} needs an id, both names and how it is reached")
        if page.area not in AREAS:
            found.append(f"sample.csv: page {page.id} has area {page.area!r}, expected one of {', '.join(AREAS)}")
    return found


def _grid_problems(audit: Audit) -> list[str]:
    criteria = {c.id for c in audit.criteria}
    pages = {p.id for p in audit.pages}
    checks = {c.name: c for c in audit.checks}
    found: list[str] = []
    seen = Counter((r.criterion, r.page) for r in audit.assessments)
    found += [f"grid.csv: criterion {c} on page {p} assessed {n} times" for (c, p), n in seen.items() if n > 1]
    for page in sorted(pages):
        missing = sorted((c for c in criteria if (c, page) not in seen), key=criterion_key)
        if len(missing) == len(criteria):
            found.append(f"grid.csv: page {page} of the sample has no row")
        elif missing:
            found.append(f"grid.csv: page {page} has no status for criteria {', '.join(missing)}")
    for row in audit.assessments:
        where = f"grid.csv: criterion {row.criterion} on page {row.page}"
        if row.criterion not in criteria:
            found.append(f"{where}: unknown criterion")
        if row.page not in pages:
            found.append(f"{where}: page not in the sample")
        if row.status not in STATUSES:
            found.append(f"{where}: status {row.status!r} is not one of {', '.join(STATUSES)}")
        if not row.evidence:
            found.append(f"{where}: no evidence")
        if row.status in (NOT_CONFORM, NOT_APPLICABLE) and not row.note:
            found.append(f"{where}: {row.status} needs a note saying why")
        for evidence in row.evidence:
            found += [f"{where}: {p}" for p in _evidence_problems(evidence, row.criterion, checks, audit.manual_protocols)]
    return found


def _evidence_problems(evidence: str, criterion: str, checks: dict[str, Check], manual: frozenset[str]) -> list[str]:
    if not _EVIDENCE.match(evidence):
        return [f"evidence {evidence!r} is not auto:<check>, manual:M-<id> or test:<file>::<test>"]
    kind, _, name = evidence.partition(":")
    if kind == "auto":
        if name not in checks:
            return [f"automated check {name!r} is not in checks.csv"]
        if criterion not in checks[name].criteria:
            return [f"automated check {name!r} does not check criterion {criterion} in checks.csv"]
    if kind == "manual" and name not in manual:
        return [f"manual protocol {name} is not described in manual-checks.md"]
    return []


def criterion_key(criterion: str) -> tuple[int, ...]:
    """Sort key: 1.9 before 1.10."""
    return tuple(int(part) if part.isdigit() else 0 for part in criterion.split("."))
