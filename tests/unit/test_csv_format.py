"""Reading the dossier export: what is imported with a warning, what is skipped, what refuses the file."""

import codecs
import csv
import datetime as dt

import pytest

from dossier_bridge.registry.csv_format import ImportFileError, parse_dossier_bytes, parse_export

HEADER = "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville"
TODAY = dt.date(2026, 11, 28)
ADULT = "104233;responsable;LEFEVRE;Camille;;;;;;"


def parse(*rows: str, header: str = HEADER, encoding: str = "utf-8", sep: str = ";"):
    text = "\n".join([header.replace(";", sep), *rows]) + "\n"
    return parse_dossier_bytes(text.encode(encoding), today=TODAY)


def report_of(*rows: str, header: str = HEADER):
    text = "\n".join([header, *rows]) + "\n"
    return parse_export(text.encode("utf-8"), today=TODAY).report


def findings(*rows: str, header: str = HEADER) -> list[tuple[int, str]]:
    return [(f.line, f.kind) for f in report_of(*rows, header=header).findings]


def refusal(data: bytes) -> list[str]:
    with pytest.raises(ImportFileError) as caught:
        parse_dossier_bytes(data, today=TODAY)
    return [str(e) for e in caught.value.errors]


def test_reads_a_dossier_with_its_persons():
    dossiers = parse(
        "104233;responsable;LEFEVRE;Camille;14/05/1986;c@example.org;02 37 11 22 33;12 rue du Bourg;28000;Chartres",
        "104233;enfant;LEFEVRE;Léa;12/03/2016;;;;;",
    )
    assert [d.number for d in dossiers] == ["104233"]
    camille, lea = dossiers[0].persons
    assert (camille.role, camille.first_name, camille.postal_code) == ("responsable", "Camille", "28000")
    assert lea.birth_date == dt.date(2016, 3, 12)
    assert lea.email is None


def test_accepts_comma_separator_and_byte_order_mark():
    row = "104233,responsable,LEFEVRE,Camille,,,,,,"
    text = "\ufeff" + HEADER.replace(";", ",") + "\n" + row + "\n"
    dossiers = parse_dossier_bytes(text.encode("utf-8"), today=TODAY)
    assert dossiers[0].persons[0].last_name == "LEFEVRE"


def test_accepts_tabs_and_utf16_as_office_software_writes_them():
    text = HEADER.replace(";", "\t") + "\n" + ADULT.replace(";", "\t") + "\n"
    parsed = parse_export(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), today=TODAY)
    assert parsed.report.encoding == "utf_16" and parsed.report.delimiter == "\t"
    assert parsed.records[0].persons[0].first_name == "Camille"


def test_columns_are_recognised_whatever_their_case_accents_and_order():
    header = "Nom;Prénom;N° dossier;Rôle;Date de naissance;Courriel;Téléphone;Adresse;Code postal;Ville"
    dossiers = parse("LEFEVRE;Camille;104233;responsable;;;;;;", header=header)
    assert (dossiers[0].number, dossiers[0].persons[0].last_name) == ("104233", "LEFEVRE")


def test_a_title_line_before_the_header_is_skipped_with_a_warning():
    text = f"Export du 01/03/2026\n{HEADER}\n{ADULT}\n"
    parsed = parse_export(text.encode(), today=TODAY)
    assert [(f.line, f.kind) for f in parsed.report.findings] == [(1, "lines_before_header")]
    assert parsed.records[0].persons[0].line == 3


def test_an_unrecognisable_header_refuses_the_file_on_line_1():
    errors = refusal(f"dossier_id;type;name;given\n{ADULT}\n".encode())
    assert len(errors) == 1 and errors[0].startswith("line 1: no recognisable header")


def test_an_unknown_role_is_guessed_from_the_birth_date():
    dossiers = parse(ADULT, "104233;parent;LEFEVRE;Paul;01/02/1980;;;;;", "104233;?;LEFEVRE;Max;01/02/2020;;;;;")
    assert [p.role for p in dossiers[0].persons] == ["responsable", "responsable", "enfant"]
    assert findings(ADULT, "104233;?;LEFEVRE;Max;01/02/2020;;;;;") == [(3, "role_guessed")]


@pytest.mark.parametrize("date, kind, expected", [
    ("31/02/2016", "impossible_birth_date", None),
    ("12/03/2030", "impossible_birth_date", None),
    ("12/03/1850", "impossible_birth_date", None),
    ("bientôt", "unreadable_birth_date", None),
    ("42441", "date_interpreted", dt.date(2016, 3, 12)),
    ("12/03/16", "date_interpreted", dt.date(2016, 3, 12)),
])
def test_doubtful_birth_dates_are_warnings_with_the_line(date, kind, expected):
    rows = (ADULT, f"104233;enfant;LEFEVRE;Zoé;{date};;;;;")
    assert findings(*rows) == [(3, kind)]
    assert parse(*rows)[0].persons[1].birth_date == expected


@pytest.mark.parametrize("date", ["2016-03-12", "12/3/2016", "12-03-2016", "12.03.2016", "2016-03-12 00:00:00"])
def test_other_ways_of_writing_a_date_are_only_noted(date):
    rows = (ADULT, f"104233;enfant;LEFEVRE;Zoé;{date};;;;;")
    report = report_of(*rows)
    assert report.findings == [] and report.notes["date_format"].lines == [3]
    assert parse(*rows)[0].persons[1].birth_date == dt.date(2016, 3, 12)


def test_a_person_listed_twice_is_one_person_completed_by_the_second_row():
    dossiers = parse(
        ADULT,
        "104233;enfant;LEFEVRE;Matteo;12/03/2016;;;;;",
        "104233;enfant;Lefèvre;MATTÉO;12/03/2016;;;12 rue du Bourg;28000;Chartres",
    )
    children = [p for p in dossiers[0].persons if p.role == "enfant"]
    assert len(children) == 1 and (children[0].first_name, children[0].address) == ("Matteo", "12 rue du Bourg")
    assert findings(ADULT, "104233;enfant;LEFEVRE;Matteo;12/03/2016;;;;;",
                    "104233;enfant;LEFEVRE;Mattéo;12/03/2016;;;;;") == [(4, "same_person_twice")]


def test_a_line_from_another_encoding_in_a_utf8_file_is_read_and_named():
    data = (HEADER + "\n104233;responsable;LÉVÊQUE;Camille;;;;;;\n").encode() + \
        "104233;enfant;LEFÈVRE;Léa;12/03/2016;;;;;\n".encode("cp1252")
    parsed = parse_export(data, today=TODAY)
    assert [(f.line, f.kind) for f in parsed.report.findings] == [(3, "mixed_encoding")]
    assert [p.last_name for p in parsed.records[0].persons] == ["LÉVÊQUE", "LEFÈVRE"]


def test_every_finding_of_the_file_is_reported_at_once():
    assert findings(
        "12;responsable;X;Y;;;;;;",
        "104233;enfant;;Z;12/03/2016;;;;28A00;",
        "104233;responsable;X;Y;;pas-un-mail;;;;",
    ) == [(2, "bad_dossier_number"), (3, "missing_last_name"), (3, "invalid_postal_code"), (4, "invalid_email")]


def test_a_dossier_of_children_only_is_read_with_a_warning():
    assert findings("104233;enfant;X;Z;12/03/2016;;;;;") == [(2, "no_adult")]


def test_a_row_short_of_fields_is_padded_but_a_file_of_them_is_refused():
    assert findings(ADULT, "104234;responsable;MARTIN;Paul", ADULT.replace("104233", "104235")) == [
        (3, "missing_fields")
    ]
    assert refusal(f"{HEADER}\n104233;responsable;X\n".encode()) == [
        "line 2: 1 of 1 rows do not have 10 fields (lines 2): not a dossier export"
    ]


def test_a_row_with_extra_values_is_skipped_and_listed():
    assert findings(ADULT, "104234;responsable;MARTIN;Paul;;;;12 rue X; bât B;28000;Chartres") == [
        (3, "too_many_fields")
    ]


@pytest.mark.parametrize("data, message", [
    (b"", "line 1: empty file"),
    (b"   \n\n", "line 1: empty file"),
    (b"PK\x03\x04\x14\x00\x06\x00rest of a zip", "line 1: this is a spreadsheet file (xlsx / ods)"),
    (bytes(range(256)) * 40, "line 1: the file is not text"),
    (f"{HEADER}\n".encode(), "line 1: the file holds a header but no person"),
])
def test_files_that_are_no_register_are_refused(data, message):
    errors = refusal(data)
    assert errors[0].startswith(message)


def test_an_unclosed_quote_that_would_swallow_rows_refuses_the_file():
    text = f'{HEADER}\n104233;responsable;"LEFEVRE;Camille;;;;;;\n104234;responsable;MARTIN;Paul;;;;;;\n'
    assert refusal(text.encode()) == [
        "line 2: a quote opened here is never closed: the following rows (to line 3) would be lost"
    ]


def test_formulas_are_kept_as_text_and_escaped_in_the_report(tmp_path):
    report = report_of(ADULT, '104234;responsable;=HYPERLINK("http://x");@SUM(A1);;;;-1+2;;')
    assert [(f.line, f.kind) for f in report.findings] == [(3, "formula"), (3, "formula"), (3, "formula")]
    out = tmp_path / "report.csv"
    with out.open("w", encoding="utf-8") as handle:
        report.write_csv(handle)
    cells = [cell for row in csv.reader(out.open(encoding="utf-8"), delimiter=";") for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'=HYPERLINK(\"http://x\")" in cells
