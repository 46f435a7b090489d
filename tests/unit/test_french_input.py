"""Each rule of French input parsing, the one place dates, phones, e-mails, postal codes and names are read."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier_bridge.french_input import (
    DATE_COMPACT, DATE_EXCEL, DATE_FR, DATE_FR_LOOSE, DATE_ISO, DATE_TWO_DIGIT_YEAR, ascii_digits, clean_text,
    excel_serial_date, format_french_phone, has_invisible, name_case, normalise_email, parse_date, phone_digits,
    read_date, read_email, read_phone, read_postal_code, split_full_name,
)

TODAY = dt.date(2026, 11, 28)
MARCH_1 = dt.date(2024, 3, 1)


# -- dates -------------------------------------------------------------------

@pytest.mark.parametrize("typed, form", [
    ("01/03/2024", DATE_FR), ("1/3/2024", DATE_FR_LOOSE), ("01-03-2024", DATE_FR_LOOSE), ("01.03.2024", DATE_FR_LOOSE),
    ("2024-03-01", DATE_ISO), ("2024-03-01 00:00:00", DATE_ISO), ("2024-03-01T00:00:00", DATE_ISO),
    (" 01/03/2024 ", DATE_FR), ("01/03/2024 00:00", DATE_FR),
])
def test_dates_in_every_usual_form(typed, form):
    reading = read_date(typed)
    assert (reading.value, reading.form) == (MARCH_1, form)


def test_day_comes_before_month_as_in_france():
    assert read_date("2/3/2024").value == dt.date(2024, 3, 2)


@pytest.mark.parametrize("typed", ["demain", "12/03", "45352", "12/03/2024/1", ""])
def test_what_is_no_date(typed):
    assert read_date(typed).value is None and read_date(typed).form == ""


@pytest.mark.parametrize("typed, form", [("31/02/2024", DATE_FR), ("00/01/2024", DATE_FR), ("2024-13-01", DATE_ISO)])
def test_dates_that_cannot_be_keep_their_form_but_have_no_value(typed, form):
    assert (read_date(typed).value, read_date(typed).form) == (None, form)


def test_excel_serial_numbers_only_from_spreadsheets():
    assert read_date("45352", spreadsheet=True).value == MARCH_1
    assert read_date("45352", spreadsheet=True).form == DATE_EXCEL
    assert read_date("45352.0", spreadsheet=True).value == MARCH_1
    assert read_date("45352").value is None


def test_excel_serials_around_the_1900_leap_year_error():
    assert excel_serial_date(1) == dt.date(1900, 1, 1)
    assert excel_serial_date(59) == dt.date(1900, 2, 28)
    assert excel_serial_date(60) is None  # 29/02/1900 never existed
    assert excel_serial_date(61) == dt.date(1900, 3, 1)
    assert excel_serial_date(0) is None


def test_two_digit_years_take_the_century_that_puts_the_date_in_the_past():
    assert read_date("01/03/24", spreadsheet=True, today=TODAY).value == MARCH_1
    assert read_date("01/03/85", spreadsheet=True, today=TODAY).value == dt.date(1985, 3, 1)
    assert read_date("01/03/24", spreadsheet=True).form == DATE_TWO_DIGIT_YEAR
    assert read_date("01/03/24").value is None


def test_eight_digits_in_a_row():
    assert read_date("20240301", spreadsheet=True).value == MARCH_1
    assert read_date("01032024", spreadsheet=True).value == MARCH_1
    assert read_date("01032024", spreadsheet=True).form == DATE_COMPACT


@pytest.mark.parametrize("typed", ["٠١/٠٣/٢٠٢٤", "０１/０３/２０２４", "०१/०३/२०२४"])
def test_digits_of_other_scripts_are_read_and_said(typed):
    reading = read_date(typed)
    assert reading.value == MARCH_1 and reading.foreign_digits


def test_parse_date_takes_dates_datetimes_and_text():
    assert parse_date(MARCH_1) == MARCH_1
    assert parse_date(dt.datetime(2024, 3, 1, 10, 0)) == MARCH_1
    assert parse_date("2024-03-01") == parse_date("01/03/2024") == MARCH_1
    assert parse_date("") is None and parse_date(None) is None


def test_ascii_digits_leaves_letters_alone():
    assert ascii_digits("Léa ٣") == "Léa 3"


# -- phones ------------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "0612345678", "+33 6 12 34 56 78", "+33612345678",
    "0033612345678", "0033 6 12 34 56 78", "+33 (0)6 12 34 56 78", "33612345678", "(06) 12 34 56 78",
])
def test_a_french_number_in_any_form(typed):
    reading = read_phone(typed)
    assert reading.value == "06 12 34 56 78" and reading.french and not reading.zero_restored
    assert reading.reformatted == (typed != "06 12 34 56 78")


def test_a_leading_zero_dropped_by_a_spreadsheet_is_put_back_and_said():
    reading = read_phone("612345678")
    assert (reading.value, reading.zero_restored) == ("06 12 34 56 78", True)


def test_overseas_departments_belong_to_the_national_plan():
    assert read_phone("+262 692 12 34 56").value == "06 92 12 34 56"
    assert read_phone("+590 590 12 34 56").value == "05 90 12 34 56"


def test_a_foreign_number_is_kept_in_international_form():
    reading = read_phone("+32 2 123 45 67")
    assert (reading.value, reading.french) == ("+3221234567", False)
    assert read_phone("0041 22 123 45 67").value == "+41221234567"


@pytest.mark.parametrize("typed", ["12345", "06 12 34 56 7", "pas de téléphone", "0012", "00 12 34 56 78", ""])
def test_what_is_no_phone_number(typed):
    assert read_phone(typed).value is None or not read_phone(typed).french


def test_format_french_phone_is_what_a_family_form_accepts():
    assert format_french_phone("0033 6 11 22 33 44") == "06 11 22 33 44"
    assert format_french_phone("612345678") is None  # a family types its zero
    assert format_french_phone("+32 2 123 45 67") is None


def test_phone_digits_compare_any_form():
    assert phone_digits("+33 6 12 34 56 78") == phone_digits("612345678") == "0612345678"
    assert phone_digits("") == ""


# -- e-mails -----------------------------------------------------------------

def test_emails_are_trimmed_and_lower_cased():
    reading = read_email("  Marie.Martin@Gmail.COM ")
    assert (reading.value, reading.reformatted, reading.spaces_removed) == ("marie.martin@gmail.com", True, False)
    assert read_email("marie@x.fr").reformatted is False


def test_spaces_inside_an_email_are_removed_and_said():
    reading = read_email("marie .martin@ gmail.com")
    assert (reading.value, reading.spaces_removed) == ("marie.martin@gmail.com", True)


@pytest.mark.parametrize("typed", ["pas-un-mail", "a@b", "@gmail.com", "marie@@gmail.com", "x" * 250 + "@gmail.com"])
def test_what_is_no_email(typed):
    assert normalise_email(typed) is None


# -- postal codes ------------------------------------------------------------

def test_postal_codes_have_five_digits():
    assert read_postal_code(" 28 000 ").value == "28000"
    assert read_postal_code("2800").value is None
    assert read_postal_code("280000").value is None


def test_a_postal_code_whose_zero_a_spreadsheet_dropped():
    reading = read_postal_code("1000", spreadsheet=True)
    assert (reading.value, reading.zero_restored) == ("01000", True)
    assert read_postal_code("1000").value is None
    assert read_postal_code("1000.0", spreadsheet=True).value == "01000"


def test_postal_codes_in_digits_of_other_scripts():
    reading = read_postal_code("٢٨٠٠٠")
    assert (reading.value, reading.foreign_digits) == ("28000", True)


# -- names -------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["Lé\u200ba", "\u202eaéL", "Léa\u2066", "L\u00e9a\ufeff", "Lé\x00a", "Lé\u00ada"])
def test_zero_width_bidi_and_control_characters_are_removed_and_said(typed):
    cleaned = clean_text(typed)
    assert cleaned.invisible_removed and has_invisible(typed)
    assert not has_invisible(cleaned.value)


def test_clean_text_composes_accents_and_collapses_spaces():
    cleaned = clean_text("  Le\u0301a   Marie\n")
    assert (cleaned.value, cleaned.invisible_removed) == ("Léa Marie", False)
    assert not has_invisible("Léa Œuvrard-N'Guyen")


@pytest.mark.parametrize("typed, surname, expected", [
    ("dupont", True, "Dupont"), ("DUPONT", True, "DUPONT"), ("Dupont", True, "Dupont"),
    ("CAMILLE", False, "Camille"), ("jean-pierre", False, "Jean-Pierre"), ("MARIE CLAIRE", False, "Marie Claire"),
    ("de la fontaine", True, "De la Fontaine"), ("n'guyen", True, "N'Guyen"), ("ÉLODIE", False, "Élodie"),
    ("McDonald", True, "McDonald"), ("J", False, "J"),
])
def test_name_case(typed, surname, expected):
    assert name_case(typed, surname=surname) == expected


@pytest.mark.parametrize("typed, surname_first, expected", [
    ("FOURNIER Sophie", True, ("FOURNIER", "Sophie")),
    ("Sophie FOURNIER", True, ("FOURNIER", "Sophie")),
    ("Marie de la FONTAINE", True, ("de la FONTAINE", "Marie")),
    ("Fournier Sophie", True, ("Fournier", "Sophie")),
    ("Sophie Fournier", True, ("Fournier", "Sophie")),
    ("Dupond Marie Claire", True, ("Dupond", "Marie Claire")),
    ("Xyz Abc", True, ("Xyz", "Abc")),
    ("Xyz Abc", False, ("Abc", "Xyz")),
    ("Le Gall", True, None),
    ("DURAND DUPONT", True, None),
    ("SOPHIE FOURNIER", True, ("FOURNIER", "SOPHIE")),
    ("FOURNIER", True, None),
])
def test_a_whole_name_in_one_column_is_split_where_it_shows(typed, surname_first, expected):
    assert split_full_name(typed, surname_first) == expected
