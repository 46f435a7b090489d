"""Each French normalisation the duplicate engine relies on."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier_bridge.matching.normalise import (
    address_key,
    email_key,
    phone_key,
    postal_code_key,
    surname_parts,
    town_key,
    unordered_date_key,
)
from dossier_bridge.matching.phonetic import phonetic_code
from dossier_bridge.names import fold_compact


@pytest.mark.parametrize(
    "typed",
    ["06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "0612345678", "+33 6 12 34 56 78", "+33612345678",
     "0033612345678", "+33 (0)6 12 34 56 78", "612345678"],
)
def test_a_phone_number_in_any_french_format_is_one_number(typed):
    assert phone_key(typed) == "0612345678"


def test_a_landline_keeps_its_area_digit():
    assert phone_key("02 37 11 22 33") == "0237112233" != phone_key("06 37 11 22 33")


@pytest.mark.parametrize("typed", ["Marie.Martin@Gmail.com", "MARIE.MARTIN@GMAIL.COM", "mariemartin@gmail.com",
                                   "marie.martin+ecole@gmail.com", "marie.martin@googlemail.com"])
def test_an_email_address_ignores_case_dots_and_tags(typed):
    assert email_key(typed) == "mariemartin@gmail.com"


def test_different_mailboxes_stay_different():
    assert email_key("marie.martin@gmail.com") != email_key("marie.martin@orange.fr")


@pytest.mark.parametrize(
    "a, b",
    [("LEFEVRE", "Lefèvre"), ("BŒUF", "Boeuf"), ("MARTIN-DUPONT", "martin dupont"), ("D'ALMEIDA", "Dalmeida"),
     ("Lætitia", "LAETITIA")],
)
def test_case_accents_ligatures_hyphens_and_apostrophes_fold_away(a, b):
    assert fold_compact(a) == fold_compact(b)


def test_a_surname_with_particles_meets_its_usual_spellings():
    parts = set(surname_parts("de la Fontaine"))
    assert {"delafontaine", "fontaine", "lafontaine"} <= parts


def test_a_compound_surname_meets_each_of_its_parts():
    assert {"martin", "dupont", "martindupont"} <= set(surname_parts("MARTIN-DUPONT"))


def test_particles_alone_are_not_dropped_to_nothing():
    assert surname_parts("LE") == ["le"]


@pytest.mark.parametrize("a, b", [("Saint-Prest", "ST PREST"), ("Lucé", "LUCE CEDEX"), ("Le Coudray", "le-coudray")])
def test_town_spellings_agree(a, b):
    assert town_key(a) == town_key(b)


def test_postal_codes_need_five_digits():
    assert postal_code_key(" 28000 ") == "28000"
    assert postal_code_key("2800") == ""


@pytest.mark.parametrize("typed", ["12 bis, Bd Chasles", "12 BOULEVARD CHASLES", "12 boulevard Chasles"])
def test_street_addresses_ignore_abbreviations_and_case(typed):
    assert address_key(typed) == ("12", "chasles")


def test_day_and_month_swapped_give_the_same_date_key():
    assert unordered_date_key(dt.date(2016, 3, 12)) == unordered_date_key(dt.date(2016, 12, 3))
    assert unordered_date_key(dt.date(2016, 3, 12)) != unordered_date_key(dt.date(2016, 3, 13))


@pytest.mark.parametrize(
    "a, b",
    [("lefevre", "lefebvre"), ("gauthier", "gautier"), ("mathieu", "matthieu"), ("dupont", "dupond"),
     ("philippe", "filipe"), ("chloe", "kloe"), ("rousseau", "roussau"), ("thomas", "tomas")],
)
def test_the_phonetic_code_joins_french_spellings_of_one_sound(a, b):
    assert phonetic_code(a) == phonetic_code(b)


@pytest.mark.parametrize("a, b", [("martin", "bernard"), ("lea", "leo"), ("ines", "anna"), ("petit", "petitjean")])
def test_the_phonetic_code_keeps_different_names_apart(a, b):
    assert phonetic_code(a) != phonetic_code(b)
