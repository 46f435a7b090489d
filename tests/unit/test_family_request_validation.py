"""What a family may type in its family information, and the French-keyed errors it gets."""

import datetime as dt

import pytest

from dossier_bridge.family_requests.validation import normalise_french_phone, validate

TODAY = dt.date(2026, 11, 28)
GOOD = {
    "address": "12 rue du Bourg",
    "postal_code": "28000",
    "town": "Chartres",
    "phone": "02.37.11.22.33",
    "second_parent": {"last_name": "", "first_name": "", "email": "", "phone": ""},
    "children": [{"last_name": "Lefèvre", "first_name": "Léa", "birth_date": "12/03/2016", "school": "École Jules Ferry"}],
}


def errors_of(**changes) -> dict[str, str]:
    _, errors = validate({**GOOD, **changes}, TODAY)
    return {e.field: e.message for e in errors}


def test_a_complete_family_is_accepted_and_normalised():
    data, errors = validate(GOOD, TODAY)
    assert errors == []
    assert data["phone"] == "02 37 11 22 33"
    assert data["second_parent"] is None
    assert data["children"][0]["birth_date"] == "12/03/2016"


def test_no_child():
    assert errors_of(children=[]) == {"children": "familyErrorNoChild"}
    assert errors_of(children=[{"last_name": "", "first_name": "", "birth_date": "", "school": ""}]) == {"children": "familyErrorNoChild"}


def test_birth_date_in_the_future_and_bad_dates():
    child = dict(GOOD["children"][0])
    assert errors_of(children=[{**child, "birth_date": "01/01/2030"}]) == {"children.0.birth_date": "familyErrorBirthDateFuture"}
    assert errors_of(children=[{**child, "birth_date": "31/02/2016"}]) == {"children.0.birth_date": "familyErrorDate"}
    assert errors_of(children=[{**child, "birth_date": "1980-01-01"}]) == {"children.0.birth_date": "familyErrorBirthDateTooOld"}
    assert errors_of(children=[{**child, "birth_date": "2016-03-12"}]) == {}


@pytest.mark.parametrize("code", ["2800", "28 00A", "280000", ""])
def test_bad_postal_code(code):
    assert "postal_code" in errors_of(postal_code=code)


@pytest.mark.parametrize("phone, expected", [
    ("0237112233", "02 37 11 22 33"), ("+33 2 37 11 22 33", "02 37 11 22 33"), ("0033 6 11 22 33 44", "06 11 22 33 44"),
    ("06-11-22-33-44", "06 11 22 33 44"), ("12345", None), ("0037112233", None), ("02 37 11 22 3", None),
])
def test_phone_numbers_in_any_french_format(phone, expected):
    assert normalise_french_phone(phone) == expected


def test_bad_phone_is_reported_on_its_field():
    assert errors_of(phone="12 34") == {"phone": "familyErrorPhone"}


def test_ten_thousand_character_name():
    child = {**GOOD["children"][0], "first_name": "A" * 10_000}
    assert errors_of(children=[child]) == {"children.0.first_name": "familyErrorTooLong"}


def test_invisible_and_control_characters_are_refused_but_markup_is_text():
    child = dict(GOOD["children"][0])
    assert errors_of(children=[{**child, "first_name": "Léa\u200b"}]) == {"children.0.first_name": "familyErrorCharacters"}
    assert errors_of(town="Chartres\x00") == {"town": "familyErrorCharacters"}
    assert errors_of(children=[{**child, "first_name": "<script>alert(1)</script>"}]) == {}


def test_second_parent_needs_a_name_once_started():
    assert errors_of(second_parent={"last_name": "", "first_name": "", "email": "p@example.org", "phone": ""}) == {
        "second_parent.last_name": "familyErrorRequired", "second_parent.first_name": "familyErrorRequired",
    }
    assert errors_of(second_parent={"last_name": "Martin", "first_name": "Paul", "email": "pas-un-mail", "phone": ""}) == {
        "second_parent.email": "familyErrorEmail"}


def test_every_error_is_reported_at_once():
    errors = errors_of(address="", postal_code="abc", phone="", children=[])
    assert set(errors) == {"address", "postal_code", "phone", "children"}


def test_too_many_children():
    child = GOOD["children"][0]
    assert errors_of(children=[child] * 13) == {"children": "familyErrorTooManyChildren"}


def test_a_franceconnect_identity_is_kept_with_its_birth_date_written_the_french_way():
    identity = {"source": "franceconnect", "given_names": "Camille Marie", "family_name": "LEFEVRE",
                "usage_name": "", "birth_date": "1986-05-14"}
    clean, errors = validate({**GOOD, "identity": identity}, TODAY)
    assert errors == []
    assert clean["identity"] == {**identity, "birth_date": "14/05/1986"}
    assert "identity" not in validate(GOOD, TODAY)[0]


@pytest.mark.parametrize("identity", [
    "franceconnect", ["franceconnect"], {"source": "ameli"}, {"source": {"nested": 1}}, {"source": ["franceconnect"]},
    {"source": None},
])
def test_a_malformed_identity_is_an_error_on_identity_not_a_crash(identity):
    assert errors_of(identity=identity) == {"identity": "familyErrorInvalid"}


def test_a_franceconnect_identity_with_a_bad_birth_date_is_refused_on_that_field():
    identity = {"source": "franceconnect", "given_names": "Camille", "family_name": "LEFEVRE", "birth_date": "14/05/1986"}
    assert errors_of(identity=identity) == {"identity.birth_date": "familyErrorDate"}
