"""A FranceConnect identity and the registry's adults: given names, birth or usage name, birth date."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from devstack.paths import FRANCECONNECT_IDENTITIES, SAMPLE_DOSSIERS
from dossier_bridge.registry.csv_format import read_dossier_file
from dossier_bridge.verification.identity import FRANCECONNECT, Claimant, birth_dates_agree, find_adult


def adult(last: str, first: str, born: str | None = None):
    return SimpleNamespace(last_name=last, first_name=first, birth_date=dt.date.fromisoformat(born) if born else None)


def franceconnect(given: str, birth_name: str, born: str | None = None, usage: str = "") -> Claimant:
    return Claimant(last_name=birth_name, first_name=given, usage_name=usage,
                    birth_date=dt.date.fromisoformat(born) if born else None, source=FRANCECONNECT)


CAMILLE = adult("LEFEVRE", "Camille", "1986-05-14")
THOMAS = adult("LEFEVRE", "Thomas", "1984-09-02")


@pytest.mark.parametrize("registered", ["Camille", "Marie", "camille", "CAMILLE"])
def test_any_of_the_given_names_designates_the_adult(registered):
    assert franceconnect("Camille Marie", "LEFEVRE").names_agree(adult("LEFEVRE", registered))


def test_a_compound_given_name_agrees_with_its_first_half_and_whole():
    identity = franceconnect("Marie-Hélène Anne", "DE LA FONTAINE")
    assert identity.names_agree(adult("DE LA FONTAINE", "Marie-Hélène"))
    assert identity.names_agree(adult("DE LA FONTAINE", "Marie"))
    assert identity.names_agree(adult("DE LA FONTAINE", "Anne"))
    assert not identity.names_agree(adult("DE LA FONTAINE", "Hélène"))


def test_only_a_vouched_identity_may_match_on_a_later_given_name():
    typed = Claimant(last_name="LEFEVRE", first_name="Marie Camille")
    assert not typed.names_agree(CAMILLE)
    assert franceconnect("Marie Camille", "LEFEVRE").names_agree(CAMILLE)


@pytest.mark.parametrize("registered", ["MARTIN-DUPONT", "Martin Dupont", "DUPONT"])
def test_the_birth_name_or_the_usage_name_designates_the_adult(registered):
    assert franceconnect("Sophie Anne", "DUPONT", usage="MARTIN-DUPONT").names_agree(adult(registered, "Sophie"))


def test_another_surname_or_given_name_does_not():
    identity = franceconnect("Sophie Anne", "DUPONT", usage="MARTIN-DUPONT")
    assert not identity.names_agree(adult("DURAND", "Sophie"))
    assert not identity.names_agree(adult("MARTIN-DUPONT", "Claire"))
    assert not franceconnect("Sophie", "DUPONT").names_agree(adult("MARTIN", "Sophie"))


@pytest.mark.parametrize("claimed, registered, agree", [
    ("1986-05-14", "1986-05-14", True),
    ("1986-05-14", "1984-09-02", False),
    ("1986-05-14", "1986-05-15", False),
    ("1986-05-14", None, True),  # the registry does not know it: the names decide
    (None, "1986-05-14", True),
    # Presumed dates of the civil register: only what is known must agree.
    ("1979-01-01", "1979-06-12", True),
    ("1979-01-01", "1980-01-01", False),
    ("1979-06-01", "1979-06-12", True),
    ("1979-06-01", "1979-07-01", False),
])
def test_birth_dates(claimed, registered, agree):
    as_date = lambda iso: dt.date.fromisoformat(iso) if iso else None  # noqa: E731
    assert birth_dates_agree(as_date(claimed), as_date(registered)) is agree


def test_a_birth_date_that_disagrees_refuses_an_adult_whose_names_agree():
    assert find_adult(franceconnect("Camille Marie", "LEFEVRE", "1986-05-14"), [CAMILLE, THOMAS]) is CAMILLE
    # Same names, another adult's birth date: nobody, as for any mismatch.
    assert find_adult(franceconnect("Camille", "LEFEVRE", "1984-09-02"), [CAMILLE, THOMAS]) is None
    assert find_adult(franceconnect("Thomas", "LEFEVRE", "1984-09-02"), [CAMILLE, THOMAS]) is THOMAS


def test_a_typed_claim_with_a_birth_date_is_held_to_it_too():
    assert find_adult(Claimant("Lefèvre", "Camille", birth_date=dt.date(1986, 5, 14)), [CAMILLE]) is CAMILLE
    assert find_adult(Claimant("Lefèvre", "Camille", birth_date=dt.date(1986, 5, 15)), [CAMILLE]) is None


def test_a_registry_adult_without_birth_date_is_designated_by_names_alone():
    undated = adult("LEFEVRE", "Camille")
    assert find_adult(franceconnect("Camille Marie", "LEFEVRE", "1990-01-31"), [undated]) is undated


def test_the_stand_in_identities_and_the_sample_dossiers_agree_as_documented():
    """The fictitious FranceConnect people of `make run` meet the sample dossiers as their notes say."""
    people = {p["id"]: p for p in json.loads(FRANCECONNECT_IDENTITIES.read_text(encoding="utf-8"))["identities"]}
    dossiers = {d.number: [p for p in d.persons if p.role == "responsable"] for d in read_dossier_file(SAMPLE_DOSSIERS)}

    def designated(person_id: str) -> list[tuple[str, str]]:
        p = people[person_id]
        claimant = Claimant(last_name=p["family_name"], first_name=p["given_name"], usage_name=p.get("preferred_username", ""),
                            birth_date=dt.date.fromisoformat(p["birthdate"]), source=FRANCECONNECT)
        return [(number, found.first_name) for number, adults in dossiers.items()
                if (found := find_adult(claimant, adults)) is not None]

    assert designated("camille-lefevre") == [("104233", "Camille")]
    assert designated("sophie-dupont") == [("104234", "Sophie")]
    assert designated("camille-lefevre-homonyme") == []
    assert designated("julien-rousseau") == []
    assert designated("aicha-bensaid") == []
