"""Each kind of variation between two dossiers of one family, and hard negatives.

Scores are computed as in a 10,000-dossier registry: a duplicate must still
stand out there, and two different families must stay apart.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dossier_bridge.matching.features import family_features
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.matching.scoring import PairScore, score_pair
from dossier_bridge.matching.weights import MatchingConfig

CONFIG = MatchingConfig()
PRIOR = CONFIG.prior_log2_odds(10_000)


def no_frequency(_surname: str) -> None:
    return None


BASE: dict[str, Any] = {
    "adults": [
        {"last_name": "LEFEVRE", "first_name": "Marie", "email": "marie.lefevre@gmail.com", "phone": "0612345678"},
        {"last_name": "LEFEVRE", "first_name": "Paul", "phone": "0711223344"},
    ],
    "children": [
        {"last_name": "LEFEVRE", "first_name": "Léa", "birth_date": "12/03/2016"},
        {"last_name": "LEFEVRE", "first_name": "Hugo", "birth_date": "05/09/2018"},
    ],
    "address": "12 rue de la Paix",
    "postal_code": "28000",
    "town": "Chartres",
}


def score(a: dict, b: dict) -> PairScore:
    return score_pair(
        family_features(FamilyProfile.from_dict(a)), family_features(FamilyProfile.from_dict(b)), CONFIG, no_frequency,
        PRIOR,
    )


def variant(**changes: Any) -> dict:
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = keys[-1]
        target[int(last) if last.isdigit() else last] = value
    return data


VARIATIONS = {
    "accents and case": variant(adults__0__last_name="Lefèvre", adults__1__last_name="lefevre"),
    "typo in a surname": variant(adults__0__last_name="LEFEVRRE", adults__1__last_name="LEFEVRRE"),
    "swapped first and last name": variant(adults__0__last_name="Marie", adults__0__first_name="LEFEVRE"),
    "day and month swapped": variant(children__0__birth_date="03/12/2016"),
    "one wrong digit in a birth date": variant(children__1__birth_date="05/09/2019"),
    "phone in another format": variant(adults__0__phone="+33 6 12 34 56 78", adults__1__phone=None),
    "email case and dots": variant(adults__0__email="MarieLefevre@GMAIL.com"),
    "moved with the same children and phone": variant(address="3 avenue Jean Jaurès", postal_code="28110", town="Lucé"),
    "a new child": variant(children=BASE["children"] + [{"last_name": "LEFEVRE", "first_name": "Tom", "birth_date": "01/02/2022"}]),
    "only one parent listed": variant(adults=BASE["adults"][:1]),
    "abbreviated street and town": variant(address="12 r. de la paix", town="CHARTRES CEDEX"),
}


@pytest.mark.parametrize("name", list(VARIATIONS))
def test_a_variation_of_the_same_family_is_a_duplicate(name):
    assert score(BASE, VARIATIONS[name]).score >= CONFIG.threshold


def test_a_married_name_against_a_birth_name_matches_when_the_children_match():
    birth_name = variant(adults=[{"last_name": "DURAND", "first_name": "Marie", "phone": "0699999999"}])
    result = score(BASE, birth_name)
    assert result.score >= CONFIG.threshold
    assert any("nom d'usage" in reason for reason in result.reasons())


def test_a_particle_name_meets_its_glued_spelling():
    a = {"adults": [{"last_name": "DE LA FONTAINE", "first_name": "Cécile"}],
         "children": [{"last_name": "DE LA FONTAINE", "first_name": "Jules", "birth_date": "14/07/2014"}],
         "postal_code": "28110"}
    b = {"adults": [{"last_name": "Lafontaine", "first_name": "Cecile"}],
         "children": [{"last_name": "Lafontaine", "first_name": "Jules", "birth_date": "14/07/2014"}],
         "postal_code": "28110"}
    assert score(a, b).score >= CONFIG.threshold


def test_a_compound_surname_meets_one_of_its_parts_when_the_other_parent_matches():
    a = variant(adults__0__last_name="LEFEVRE-DURAND")
    result = score(BASE, a)
    assert result.score >= CONFIG.threshold
    assert "nom proche : LEFEVRE / LEFEVRE-DURAND" in result.reasons()


def other_family(**overrides: Any) -> dict:
    data = {
        "adults": [
            {"last_name": "LEFEVRE", "first_name": "Marie", "email": "m.lefevre28@orange.fr", "phone": "0655555555"},
            {"last_name": "LEFEVRE", "first_name": "Paul", "phone": "0766666666"},
        ],
        "children": [
            {"last_name": "LEFEVRE", "first_name": "Camille", "birth_date": "14/02/2011"},
            {"last_name": "LEFEVRE", "first_name": "Théo", "birth_date": "08/08/2015"},
        ],
        "address": "48 rue du Grand Faubourg",
        "postal_code": "28000",
        "town": "Chartres",
    }
    data.update(overrides)
    return data


def test_two_homonym_families_in_the_same_town_with_other_children_are_not_duplicates():
    result = score(BASE, other_family())
    assert result.score < CONFIG.threshold
    assert "enfants différents" in result.reasons()


def test_neighbours_at_the_same_address_are_not_duplicates():
    neighbours = other_family(
        adults=[{"last_name": "MOREAU", "first_name": "Karine", "phone": "0655443322"}], address="12 rue de la Paix"
    )
    assert score(BASE, neighbours).score < 0.01


def test_a_brothers_family_on_the_same_street_is_not_a_duplicate():
    brother = other_family(
        adults=[{"last_name": "LEFEVRE", "first_name": "Julien", "phone": "0633333333"},
                {"last_name": "LEFEVRE", "first_name": "Audrey"}],
        address="20 rue de la Paix",
    )
    assert score(BASE, brother).score < 0.01


def test_a_common_surname_weighs_less_than_a_rare_one():
    common = score_pair(
        family_features(FamilyProfile.from_dict(BASE)),
        family_features(FamilyProfile.from_dict(other_family(children=[]))),
        CONFIG, lambda _name: 0.02, PRIOR,
    )
    rare = score_pair(
        family_features(FamilyProfile.from_dict(BASE)),
        family_features(FamilyProfile.from_dict(other_family(children=[]))),
        CONFIG, lambda _name: 0.00001, PRIOR,
    )
    assert common.weight < rare.weight
    assert "nom très fréquent : LEFEVRE" in common.reasons()


def test_reasons_name_the_shared_child_with_its_birth_date():
    reasons = score(BASE, variant(adults__0__last_name="Lefèvre")).reasons()
    assert "même enfant : Léa, née le 12/03/2016" in reasons
    assert "même enfant : Hugo, né le 05/09/2018" in reasons
    assert "même téléphone" in reasons
    assert "nom proche : LEFEVRE / Lefèvre" in reasons


def test_scores_are_probabilities():
    for data in [*VARIATIONS.values(), other_family()]:
        assert 0.0 <= score(BASE, data).score <= 1.0
