"""CSV written for a spreadsheet: cells that a spreadsheet would run as a formula are escaped.

A register holds whatever was typed, including ``=HYPERLINK(...)`` in a
name. Written back out as is, that cell would run when staff open the file
(CSV injection). A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, which spreadsheets show as text
and do not display.
"""

from __future__ import annotations

import csv
from typing import Iterable, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def looks_like_formula(text: str) -> bool:
    """A typed name or address a spreadsheet would take for a formula."""
    return len(text) > 1 and text.startswith(FORMULA_STARTS)


class SafeWriter:
    """``csv.writer`` with ``;`` (what French spreadsheets expect) and every cell made safe."""

    def __init__(self, out: TextIO, delimiter: str = ";"):
        self._writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)
