"""Precision, recall and F1 of predicted duplicate pairs against the true pairs."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Quality:
    true_positives: int
    predicted: int
    actual: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.actual if self.actual else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_pairs(path: Path, min_score: float | None = None) -> set[tuple[str, str]]:
    return {(a, b) for a, b, score in read_scored(path) if min_score is None or score >= min_score}


def read_scored(path: Path) -> list[tuple[str, str, float]]:
    """(a, b, score) of a tool's output or a truth file (score 1), each pair once, a < b."""
    best: dict[tuple[str, str], float] = {}
    with path.open(encoding="utf-8") as source:
        reader = csv.reader(source, delimiter=";")
        next(reader, None)
        for row in reader:
            if len(row) < 2:
                continue
            a, b = sorted((row[0], row[1]))
            score = float(row[2]) if len(row) > 2 and row[2] else 1.0
            best[(a, b)] = max(best.get((a, b), 0.0), score)
    return [(a, b, score) for (a, b), score in best.items()]


def quality(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> Quality:
    return Quality(len(predicted & truth), len(predicted), len(truth))
