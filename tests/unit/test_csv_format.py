"""The dossier import format: what the billing export may contain and what is refused."""

import datetime as dt

import pytest

from dossier_bridge.registry.csv_format import ImportFileError, parse_dossier_bytes

HEADER = "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville"
TODAY = dt.date(2026, 11, 28)


def parse(*rows: str, header: str = HEADER, encoding: str = "utf-8", sep: str = ";"):
    text = "\n".join([header.replace(";", sep), *rows]) + "\n"
    return parse_dossier_bytes(text.encode(encoding), today=TODAY)


def errors_of(*rows: str, **kwargs) -> list[str]:
    with pytest.raises(ImportFileError) as caught:
        parse(*rows, **kwargs)
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


def test_wrong_header_is_reported_on_line_1():
    errors = errors_of("104233;responsable;X;Y;;;;;;", header="dossier;role;nom;prenom;naissance;email;tel;adresse;cp;ville")
    assert len(errors) == 1 and errors[0].startswith("line 1: unexpected header")


def test_unknown_role_names_the_line():
    assert errors_of("104233;responsable;X;Y;;;;;;", "104233;parent;X;Z;;;;;;") == [
        "line 3: unknown role 'parent'; expected 'responsable' or 'enfant'"
    ]


@pytest.mark.parametrize("date", ["2016-03-12", "31/02/2016", "12/03/2030", "1/3/2016"])
def test_bad_birth_date_names_the_line(date):
    errors = errors_of("104233;responsable;X;Y;;;;;;", f"104233;enfant;X;Z;{date};;;;;")
    assert len(errors) == 1 and errors[0].startswith("line 3: date_naissance")


def test_a_person_listed_twice_is_refused():
    errors = errors_of(
        "104233;responsable;LEFEVRE;Camille;;;;;;",
        "104233;enfant;LEFEVRE;Léa;12/03/2016;;;;;",
        "104233;enfant;Lefèvre;LEA;12/03/2016;;;;;",
    )
    assert errors == ["line 4: the same person is listed twice in dossier 104233 (see line 3)"]


def test_undecodable_bytes_name_the_line():
    data = (HEADER + "\n104233;responsable;LEFEVRE;Camille;;;;;;\n").encode() + "104233;enfant;LEFÈVRE;Léa;12/03/2016;;;;;\n".encode("latin-1")
    with pytest.raises(ImportFileError) as caught:
        parse_dossier_bytes(data, today=TODAY)
    assert [e.line for e in caught.value.errors] == [3]
    assert "UTF-8" in str(caught.value.errors[0])


def test_every_error_of_the_file_is_reported_at_once():
    errors = errors_of(
        "12;responsable;X;Y;;;;;;",
        "104233;enfant;;Z;12/03/2016;;;;2800;",
        "104233;responsable;X;Y;;pas-un-mail;;;;",
    )
    assert [e.split(":")[0] for e in errors] == ["line 2", "line 3", "line 3", "line 4"]


def test_a_dossier_without_responsible_adult_is_refused():
    assert errors_of("104233;enfant;X;Z;12/03/2016;;;;;") == ["line 2: dossier 104233 has no 'responsable' row"]


def test_wrong_number_of_fields():
    assert errors_of("104233;responsable;X") == ["line 2: expected 10 fields, found 3"]
