"""When `bench prod` calls a Keycloak node warm, before the counted rounds."""

from __future__ import annotations

from bench import prod


def test_a_false_plateau_in_the_first_minutes_does_not_end_the_warm_up():
    # Rates measured on a fresh node, 20 s rounds: flat for a minute, then rising.
    assert not prod._warm([20.0, 20.2])
    assert not prod._warm([20.0, 20.2, 20.8, 22.8, 25.4, 29.3])
    assert not prod._warm([19.5, 21.1, 24.4, 27.1, 29.9, 39.2, 38.7])


def test_a_node_is_warm_when_a_late_round_is_no_faster_than_the_best_before_it():
    assert prod._warm([20.0, 20.2, 20.8, 22.8, 25.4, 29.3, 26.9, 31.3, 30.4])
    assert prod._warm([21.4, 22.2, 30.3, 27.1, 27.8, 30.2, 29.5, 29.2, 30.0])
    assert not prod._warm([21.4, 22.2, 30.3, 27.1, 27.8, 30.2, 29.5, 29.2, 36.8])
