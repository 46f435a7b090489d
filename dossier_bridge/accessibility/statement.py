"""What the accessibility statement says, computed from the audit grid (RGAA 4.1 method).

- A criterion is *applicable* when it is applicable on at least one page of the
  sample, and *respected* when it is conforme or non applicable on every page.
- The conformance rate is respected ÷ applicable; it is never rounded up
  (105 of 106 is not "100 %").
- The level is "totale" only when no applicable criterion fails, "partielle"
  from 50 %, "non conforme" below 50 % or when there is no complete audit.
- The average rate (optional in the statement) is the mean of the pages'
  rates, a criterion failed on one step of a process counting as failed on
  every step of that process.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from dossier_bridge.accessibility.audit import CONFORM, NOT_APPLICABLE, NOT_CONFORM, Audit, criterion_key, problems

TOTAL, PARTIAL, NONE = "totale", "partielle", "non"


@dataclass(frozen=True)
class NonConformity:
    criterion: str
    title: str
    pages: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    level: str
    complete: bool
    applicable: int
    respected: int
    rate: Fraction | None
    average_rate: Fraction | None
    non_conformities: tuple[NonConformity, ...]
    problems: tuple[str, ...]


def result(audit: Audit) -> Result:
    found = tuple(problems(audit))
    if found:
        # No complete audit: the law allows no other word than "non conforme".
        return Result(NONE, False, 0, 0, None, None, (), found)
    grid = audit.by_criterion()
    applicable = [c for c, row in grid.items() if any(a.status != NOT_APPLICABLE for a in row.values())]
    respected = [c for c in applicable if all(a.status in (CONFORM, NOT_APPLICABLE) for a in grid[c].values())]
    rate = Fraction(len(respected), len(applicable)) if applicable else Fraction(1)
    level = TOTAL if len(respected) == len(applicable) else PARTIAL if rate >= Fraction(1, 2) else NONE
    titles = {c.id: c.title for c in audit.criteria}
    failed = tuple(
        NonConformity(c, titles[c], tuple(a.page for a in grid[c].values() if a.status == NOT_CONFORM),
                      tuple(dict.fromkeys(a.note for a in grid[c].values() if a.status == NOT_CONFORM)))
        for c in sorted(set(applicable) - set(respected), key=criterion_key)
    )
    return Result(level, True, len(applicable), len(respected), rate, _average_rate(audit), failed, ())


def _average_rate(audit: Audit) -> Fraction | None:
    grid = audit.by_criterion()
    processes: dict[str, list[str]] = {}
    for page in audit.pages:
        if page.process:
            processes.setdefault(page.process, []).append(page.id)
    rates = []
    for page in audit.pages:
        steps = processes.get(page.process, [page.id]) if page.process else [page.id]
        conform = failed = 0
        for row in grid.values():
            status = row[page.id].status
            if status == NOT_APPLICABLE:
                continue
            if status == NOT_CONFORM or any(row[step].status == NOT_CONFORM for step in steps):
                failed += 1
            else:
                conform += 1
        if conform + failed:
            rates.append(Fraction(conform, conform + failed))
    return sum(rates, Fraction(0)) / len(rates) if rates else None


def percent(rate: Fraction, decimal_mark: str = ",") -> str:
    """"99,05" for 105/106: two decimals at most, always rounded down, no useless zeros."""
    value = (Decimal(rate.numerator) * 100 / Decimal(rate.denominator)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    text = f"{value:f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark)
