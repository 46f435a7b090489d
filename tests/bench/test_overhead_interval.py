"""The dossier check's overhead figure says how far another run could move it."""

from __future__ import annotations

import random

from bench.registration import overhead_interval, overhead_percent, overhead_sentence


def _pairs(count: int, spread: float, added: float = 10.0) -> dict[str, list[float]]:
    draw = random.Random(3)
    base = [200 + draw.gauss(0, spread) for _ in range(count)]
    return {"with number": [b + added + draw.gauss(0, spread) for b in base],
            "without number": [b + draw.gauss(0, spread) for b in base]}


def test_the_interval_holds_the_figure_and_narrows_with_more_pairs():
    few, many = _pairs(30, 20), _pairs(600, 20)
    for timings in (few, many):
        low, high = overhead_interval(timings)
        assert low <= overhead_percent(timings) <= high
    assert overhead_interval(many)[1] - overhead_interval(many)[0] < overhead_interval(few)[1] - overhead_interval(few)[0]


def test_the_sentence_gives_the_figure_the_interval_and_the_goal():
    sentence = overhead_sentence(_pairs(100, 5))
    assert "95 % bootstrap interval" in sentence and "goal: under 5 %" in sentence
    assert sentence.startswith("**+")
