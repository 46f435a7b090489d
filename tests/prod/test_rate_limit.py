"""The dossier check's rate limit holds across both bridges: their counts live in the shared Redis."""

from __future__ import annotations

import itertools
import random

import requests

LIMIT_PER_NUMBER = 5  # the production default, "5 per 15 minutes"


def verify(site, bridge_url: str, number: str, last_name: str, first_name: str, client_ip: str) -> requests.Response:
    return requests.post(f"{bridge_url}/api/v1/dossiers/verify", headers=site.api_headers(), timeout=10, json={
        "dossier_number": number, "last_name": last_name, "first_name": first_name,
        "email": "essai@example.org", "client_ip": client_ip})


def test_failures_spread_over_both_bridges_count_together(site, add_dossier):
    number = add_dossier(("responsable", "GARNIER", "Élise", ""))
    client_ip = f"198.51.100.{random.randint(1, 254)}"
    bridges = itertools.cycle([site.urls["BRIDGE_1_URL"], site.urls["BRIDGE_2_URL"]])
    answers = [verify(site, next(bridges), number, "Faux", "Élise", client_ip) for _ in range(LIMIT_PER_NUMBER)]
    assert [a.json()["result"] for a in answers] == ["no_match"] * LIMIT_PER_NUMBER
    # The right family now waits too, on either bridge: the number is locked for everyone.
    for bridge in (site.urls["BRIDGE_1_URL"], site.urls["BRIDGE_2_URL"]):
        locked = verify(site, bridge, number, "Garnier", "Élise", client_ip)
        assert locked.status_code == 429 and locked.json()["result"] == "rate_limited"


def test_another_number_is_not_affected(site, add_dossier):
    number = add_dossier(("responsable", "GARNIER", "Paul", ""))
    answer = verify(site, site.urls["BRIDGE_2_URL"], number, "Garnier", "Paul", f"198.51.100.{random.randint(1, 254)}")
    assert answer.status_code == 200 and answer.json()["result"] == "match"
