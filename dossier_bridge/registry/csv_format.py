"""Reading the billing system's dossier export (the import format of the design).

One row per person of a dossier; header
``numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville``,
``;`` or ``,`` as separator, UTF-8 with or without BOM. Errors are collected
for the whole file, each with its line number, in English for operators.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from dossier_bridge.names import fold
from dossier_bridge.registry.numbers import is_valid_dossier_number, normalise_dossier_number

HEADER = (
    "numero_dossier",
    "role",
    "nom",
    "prenom",
    "date_naissance",
    "email",
    "telephone",
    "adresse",
    "code_postal",
    "ville",
)
ROLES = ("responsable", "enfant")
MAX_NAME = 100
MAX_TEXT = 200
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTAL_CODE = re.compile(r"^\d{5}$")
_PHONE = re.compile(r"^[0-9+ .()\-]{6,30}$")


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportFileError(Exception):
    def __init__(self, errors: list[LineError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class PersonRecord:
    line: int
    role: str
    last_name: str
    first_name: str
    birth_date: dt.date | None
    email: str | None
    phone: str | None
    address: str | None
    postal_code: str | None
    town: str | None

    @property
    def key(self) -> str:
        """Identity of the person inside its dossier."""
        born = self.birth_date.isoformat() if self.birth_date else ""
        return f"{self.role}|{fold(self.last_name)}|{fold(self.first_name)}|{born}"


@dataclass
class DossierRecord:
    number: str
    first_line: int
    persons: list[PersonRecord] = field(default_factory=list)


def read_dossier_file(path: str | Path, today: dt.date | None = None) -> list[DossierRecord]:
    return parse_dossier_bytes(Path(path).read_bytes(), today=today)


def parse_dossier_bytes(data: bytes, today: dt.date | None = None) -> list[DossierRecord]:
    today = today or dt.date.today()
    text, errors = _decode(data)
    if errors:
        raise ImportFileError(errors)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ImportFileError([LineError(1, "empty file: expected the header " + ";".join(HEADER))])
    delimiter = _delimiter(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    if tuple(header) != HEADER:
        raise ImportFileError(
            [LineError(1, f"unexpected header {delimiter.join(header)!r}; expected {';'.join(HEADER)!r}")]
        )
    dossiers: dict[str, DossierRecord] = {}
    seen: dict[tuple[str, str], int] = {}
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        record = _person(values, line, today, errors)
        if record is None:
            continue
        number, person = record
        first = seen.setdefault((number, person.key), line)
        if first != line:
            errors.append(LineError(line, f"the same person is listed twice in dossier {number} (see line {first})"))
            continue
        dossiers.setdefault(number, DossierRecord(number, line)).persons.append(person)
    if not dossiers and not errors:
        errors.append(LineError(1, "the file holds a header but no person"))
    for dossier in dossiers.values():
        if not any(p.role == "responsable" for p in dossier.persons):
            errors.append(LineError(dossier.first_line, f"dossier {dossier.number} has no 'responsable' row"))
    if errors:
        raise ImportFileError(sorted(errors, key=lambda e: e.line))
    return list(dossiers.values())


def _decode(data: bytes) -> tuple[str, list[LineError]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    errors = []
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            errors.append(
                LineError(
                    number,
                    f"bytes that are not UTF-8 at column {exc.start + 1} (0x{raw[exc.start]:02X}); "
                    "export the file as UTF-8",
                )
            )
    return "", errors


def _delimiter(header_line: str) -> str:
    try:
        return csv.Sniffer().sniff(header_line, delimiters=";,").delimiter
    except csv.Error:
        return ";"


def _person(values: list[str], line: int, today: dt.date, errors: list[LineError]) -> tuple[str, PersonRecord] | None:
    if len(values) != len(HEADER):
        errors.append(LineError(line, f"expected {len(HEADER)} fields, found {len(values)}"))
        return None
    row = dict(zip(HEADER, (v.strip() for v in values)))
    before = len(errors)
    number = normalise_dossier_number(row["numero_dossier"])
    if not is_valid_dossier_number(number):
        errors.append(LineError(line, f"numero_dossier {row['numero_dossier']!r} is not 4 to 10 digits"))
    role = row["role"].casefold()
    if role not in ROLES:
        errors.append(LineError(line, f"unknown role {row['role']!r}; expected 'responsable' or 'enfant'"))
    for column in ("nom", "prenom"):
        if not row[column]:
            errors.append(LineError(line, f"{column} is empty"))
        elif len(row[column]) > MAX_NAME:
            errors.append(LineError(line, f"{column} is longer than {MAX_NAME} characters"))
    birth_date = _date(row["date_naissance"], line, today, errors)
    if role == "enfant" and not row["date_naissance"]:
        errors.append(LineError(line, "date_naissance is required for a child"))
    if row["email"] and not _EMAIL.match(row["email"]):
        errors.append(LineError(line, f"email {row['email']!r} is not an e-mail address"))
    if row["telephone"] and not _PHONE.match(row["telephone"]):
        errors.append(LineError(line, f"telephone {row['telephone']!r} is not a phone number"))
    if row["code_postal"] and not _POSTAL_CODE.match(row["code_postal"]):
        errors.append(LineError(line, f"code_postal {row['code_postal']!r} is not 5 digits"))
    for column in ("adresse", "ville"):
        if len(row[column]) > MAX_TEXT:
            errors.append(LineError(line, f"{column} is longer than {MAX_TEXT} characters"))
    if len(errors) != before:
        return None
    return number, PersonRecord(
        line=line,
        role=role,
        last_name=row["nom"],
        first_name=row["prenom"],
        birth_date=birth_date,
        email=row["email"] or None,
        phone=row["telephone"] or None,
        address=row["adresse"] or None,
        postal_code=row["code_postal"] or None,
        town=row["ville"] or None,
    )


def _date(raw: str, line: int, today: dt.date, errors: list[LineError]) -> dt.date | None:
    if not raw:
        return None
    match = _DATE.match(raw)
    if not match:
        errors.append(LineError(line, f"date_naissance {raw!r} is not JJ/MM/AAAA"))
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        value = dt.date(year, month, day)
    except ValueError:
        errors.append(LineError(line, f"date_naissance {raw!r} is not a calendar date"))
        return None
    if value > today or year < 1900:
        errors.append(LineError(line, f"date_naissance {raw!r} is in the future or before 1900"))
        return None
    return value
