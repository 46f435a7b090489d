"""Reading a billing system's dossier export as cities really have them.

One row per person of a dossier; the header of the design
(``numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville``),
its columns recognised whatever their case, accents or order. ``;``, ``,``
or tab as separator; UTF-8 with or without BOM, UTF-16, or the legacy
encoding of a French spreadsheet's "CSV" export (Windows-1252), detected by
charset-normalizer and said in the report.

Two kinds of problems are treated differently (see ``import_report``): a
file that cannot be read as a register is refused with line-numbered
errors; a row that is imperfect but usable is read, with a warning; a row
that cannot be used at all is skipped and listed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path

from dossier_bridge.french_input import (
    DATE_COMPACT, DATE_EXCEL, DATE_FR, DATE_TWO_DIGIT_YEAR, INVISIBLE_CATEGORIES, ascii_digits, clean_text, format_date,
    has_foreign_digits, name_case, read_date, read_email, read_phone, read_postal_code, split_full_name,
)
from dossier_bridge.names import fold
from dossier_bridge.registry.import_report import (
    DRY_RUN, REFUSED, Findings, ImportFileError, ImportReport, LineError,
)
from dossier_bridge.registry.numbers import is_valid_dossier_number, normalise_dossier_number
from dossier_bridge.registry.text_decoding import decode_export
from dossier_bridge.spreadsheet import looks_like_formula

__all__ = [
    "HEADER", "ROLES", "DossierRecord", "ImportFileError", "LineError", "ParsedFile", "PersonRecord",
    "parse_dossier_bytes", "parse_export", "read_dossier_file",
]

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
REQUIRED_COLUMNS = ("numero_dossier", "role", "nom", "prenom")
ROLES = ("responsable", "enfant")
MAX_NAME = 100
MAX_TEXT = 200
MAX_TOWN = 100
# Where the header is looked for: some exports put a title line first.
HEADER_SEARCH_LINES = 5
# Adults are responsible, children are under this age when a role must be guessed.
ADULT_AGE = 18

_COLUMN_ALIASES = {
    "numero_dossier": ("numero_dossier", "numero_de_dossier", "num_dossier", "no_dossier", "n_dossier", "dossier"),
    "role": ("role", "qualite"),
    "nom": ("nom", "nom_de_famille", "nom_famille"),
    "prenom": ("prenom", "prenoms"),
    "date_naissance": ("date_naissance", "date_de_naissance", "naissance", "ne_le", "nee_le"),
    "email": ("email", "e_mail", "mail", "courriel", "adresse_email", "adresse_mail"),
    "telephone": ("telephone", "tel", "portable", "telephone_portable", "mobile"),
    "adresse": ("adresse", "adresse_postale", "rue"),
    "code_postal": ("code_postal", "cp"),
    "ville": ("ville", "commune", "localite"),
}
_COLUMNS = {alias: column for column, aliases in _COLUMN_ALIASES.items() for alias in aliases}
_ROLE_WORDS = {
    "responsable": "responsable", "responsable legal": "responsable", "resp": "responsable", "parent": "responsable",
    "adulte": "responsable", "payeur": "responsable", "r": "responsable",
    "enfant": "enfant", "enf": "enfant", "e": "enfant",
}
# A line break inside a quoted field followed by what looks like the next row:
# a quote was opened and never closed, and the rows after it were swallowed.
_SWALLOWED_ROW = re.compile(r"\n\s*\d{4,10}\s*[;,\t]")


@dataclass(frozen=True, slots=True)
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
    # The name as the export wrote it, when it had to be split or repaired.
    name_as_exported: str | None = None

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


@dataclass
class ParsedFile:
    records: list[DossierRecord]
    report: ImportReport


def read_dossier_file(path: str | Path, today: dt.date | None = None) -> list[DossierRecord]:
    """The dossiers of a file, usable rows only; raises ImportFileError when it is no register."""
    return parse_dossier_bytes(Path(path).read_bytes(), today=today)


def parse_dossier_bytes(data: bytes, today: dt.date | None = None) -> list[DossierRecord]:
    parsed = parse_export(data, today=today)
    if parsed.report.status == REFUSED:
        raise ImportFileError(parsed.report.errors)
    return parsed.records


def parse_export(data: bytes, file_name: str = "", today: dt.date | None = None) -> ParsedFile:
    """Every usable dossier of the file and the report of what was read (status ``dry_run`` or ``refused``)."""
    report = ImportReport(file_name=file_name, status=DRY_RUN)
    try:
        records = _Reader(report, today or dt.date.today()).read(data)
    except ImportFileError as refusal:
        report.status = REFUSED
        report.errors = refusal.errors
        return ParsedFile([], report)
    return ParsedFile(records, report)


class _Reader:
    def __init__(self, report: ImportReport, today: dt.date):
        self.report = report
        self.today = today
        self.adult_born_before = today - dt.timedelta(days=round(ADULT_AGE * 365.25))
        self.read_date = lru_cache(maxsize=100_000)(partial(read_date, spreadsheet=True, today=today))
        self.found = Findings()

    # -- the file ------------------------------------------------------------

    def read(self, data: bytes) -> list[DossierRecord]:
        if not data.strip():
            raise ImportFileError([LineError(1, "empty_file", {"header": ";".join(HEADER)})])
        text, self.report.encoding = decode_export(data, self.found)
        header_line, delimiter, columns, width = self._header(text)
        self.report.delimiter = delimiter
        dossiers = self._rows(text, header_line, delimiter, columns, width)
        self.report.dossiers_read = len(dossiers)
        self.report.findings = sorted(self.found.listed, key=lambda f: f.line)
        self.report.notes = self.found.notes
        return list(dossiers.values())

    def _header(self, text: str) -> tuple[int, str, dict[str, int], int]:
        """(line of the header, separator, column -> position, number of columns)."""
        first_lines = text.split("\n", HEADER_SEARCH_LINES)[:HEADER_SEARCH_LINES]
        best: tuple[int, int, str, list[str]] | None = None
        for index, line in enumerate(first_lines):
            for delimiter in (";", ",", "\t"):
                cells = next(csv.reader([line.strip("\r")], delimiter=delimiter), [])
                known = sum(1 for c in cells if _column_name(c) in HEADER)
                if best is None or known > best[1]:
                    best = (index, known, delimiter, cells)
            if best and all(c in {_column_name(x) for x in best[3]} for c in REQUIRED_COLUMNS):
                break
        assert best is not None
        index, _, delimiter, cells = best
        names = [_column_name(c) for c in cells]
        missing = [c for c in REQUIRED_COLUMNS if c not in names]
        if missing:
            shown = (first_lines[0] if first_lines else "")[:200]
            raise ImportFileError([LineError(1, "no_header", {"found": shown, "expected": ";".join(HEADER),
                                                             "missing": ", ".join(missing)})])
        for number in range(1, index + 1):
            if first_lines[number - 1].strip():
                self.found.add(number, "lines_before_header", value=first_lines[number - 1].strip())
        columns: dict[str, int] = {}
        for position, (cell, name) in enumerate(zip(cells, names)):
            if name in HEADER and name not in columns:
                columns[name] = position
            elif cell.strip():
                self.found.add(index + 1, "unknown_column", value=cell.strip())
        for name in HEADER:
            if name not in columns:
                self.found.add(index + 1, "missing_column", column=name)
        width = len(cells)
        while width and not cells[width - 1].strip():
            width -= 1
        return index + 1, delimiter, columns, width

    def _rows(self, text: str, header_line: int, delimiter: str, columns: dict[str, int], width: int) -> dict[str, DossierRecord]:
        csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        dossiers: dict[str, DossierRecord] = {}
        persons: dict[tuple[str, str], int] = {}
        wrong_width: list[int] = []
        rows = 0
        end = 0
        for values in reader:
            start, end = end + 1, reader.line_num
            if start <= header_line or not any(v.strip() for v in values):
                continue
            rows += 1
            if any("\n" in v and _SWALLOWED_ROW.search(v) for v in values):
                raise ImportFileError([LineError(start, "unclosed_quote", {"end": end})])
            values = self._fit(values, width, start, wrong_width)
            if values is None:
                continue
            fields = {name: values[position].strip() for name, position in columns.items()}
            parsed = _Row(self, start, fields).read()
            if parsed is not None:
                self._add(dossiers, persons, *parsed)
        self.report.rows_read = rows
        if rows == 0:
            raise ImportFileError([LineError(header_line, "no_person", {})])
        if len(wrong_width) * 2 > rows:
            raise ImportFileError([LineError(wrong_width[0], "wrong_field_counts", {
                "count": len(wrong_width), "rows": rows, "expected": width,
                "lines": ", ".join(map(str, wrong_width[:10])) + (", …" if len(wrong_width) > 10 else ""),
            })])
        for dossier in dossiers.values():
            if not any(p.role == "responsable" for p in dossier.persons):
                self.found.add(dossier.first_line, "no_adult", column="numero_dossier", value=dossier.number)
        return dossiers

    def _fit(self, values: list[str], width: int, line: int, wrong_width: list[int]) -> list[str] | None:
        if len(values) == width:
            return values
        if len(values) > width:
            if any(v.strip() for v in values[width:]):
                wrong_width.append(line)
                self.found.add(line, "too_many_fields", value=f"{len(values)}", result=f"{width}")
                return None
            self.found.add(line, "trailing_columns")
            return values[:width]
        wrong_width.append(line)
        self.found.add(line, "missing_fields", value=f"{len(values)}", result=f"{width}")
        return values + [""] * (width - len(values))

    def _add(self, dossiers: dict[str, DossierRecord], persons: dict[tuple[str, str], int], number: str,
             person: PersonRecord) -> None:
        dossier = dossiers.get(number)
        if dossier is None:
            dossier = dossiers[number] = DossierRecord(number, person.line)
        key = (number, person.key)
        index = persons.get(key)
        if index is None:
            persons[key] = len(dossier.persons)
            dossier.persons.append(person)
            return
        first = dossier.persons[index]
        if replace(first, line=person.line) == person:
            self.found.add(person.line, "duplicate_line", value=number, result=str(first.line))
            return
        # The same person twice ("Matteo" and "Mattéo", same birth date): one
        # person, the first row's values completed by the second's.
        self.found.add(person.line, "same_person_twice", value=f"{person.first_name} {person.last_name}".strip(),
                       result=str(first.line))
        dossier.persons[index] = replace(first, **{
            name: getattr(person, name) for name in ("email", "phone", "address", "postal_code", "town")
            if getattr(first, name) is None and getattr(person, name) is not None
        })


def _column_name(cell: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", fold(clean_text(cell).value.strip('"\''))).strip("_")
    return _COLUMNS.get(name, name)


def _shown(raw: str) -> str:
    """The value with its invisible characters written as code points, for staff to see."""
    return "".join(f"<U+{ord(c):04X}>" if not c.isprintable() or unicodedata.category(c) in INVISIBLE_CATEGORIES
                   else c for c in raw)


# Names, towns and addresses repeat from row to row (a family's rows, a
# town's families): each distinct spelling is cleaned once.
@lru_cache(maxsize=200_000)
def _cleaned(text: str) -> tuple[str, bool, bool]:
    """(clean value, whether invisible characters were removed, whether it looks like a formula)."""
    if not text:
        return "", False, False
    cleaned = clean_text(text)
    return cleaned.value, cleaned.invisible_removed, looks_like_formula(cleaned.value)


@lru_cache(maxsize=200_000)
def _name_case(name: str, surname: bool) -> str:
    return name_case(name, surname=surname)


_postal_code = lru_cache(maxsize=50_000)(partial(read_postal_code, spreadsheet=True))


class _Row:
    """One row of the file, read field by field; findings go to the reader's collection."""

    __slots__ = ("reader", "line", "get")

    def __init__(self, reader: _Reader, line: int, fields: dict[str, str]):
        self.reader = reader
        self.line = line
        self.get = lambda column: fields.get(column, "")

    def add(self, kind: str, column: str = "", value: str = "", result: str = "") -> None:
        self.reader.found.add(self.line, kind, column, value, result)

    def read(self) -> tuple[str, PersonRecord] | None:
        number = self._number()
        if number is None:
            return None
        names = self._names()
        if names is None:
            return None
        last, first, as_exported = names
        birth_date = self._birth_date()
        role = self._role(birth_date)
        if role == "enfant" and birth_date is None and not self.get("date_naissance"):
            self.add("missing_birth_date", "date_naissance")
        return number, PersonRecord(
            line=self.line,
            role=role,
            last_name=last,
            first_name=first,
            birth_date=birth_date,
            email=self._email(),
            phone=self._phone(),
            address=self._text("adresse", MAX_TEXT),
            postal_code=self._postal_code(),
            town=self._text("ville", MAX_TOWN),
            name_as_exported=as_exported,
        )

    def _number(self) -> str | None:
        raw = self.get("numero_dossier")
        if not raw:
            self.add("no_dossier_number", "numero_dossier")
            return None
        number = normalise_dossier_number(ascii_digits(raw))
        if number.endswith(".0"):
            number = number[:-2]
        if not is_valid_dossier_number(number):
            self.add("bad_dossier_number", "numero_dossier", raw)
            return None
        if has_foreign_digits(raw):
            self.add("foreign_digits", "numero_dossier", raw, number)
        return number

    def _names(self) -> tuple[str, str, str | None] | None:
        raw_last, raw_first = self.get("nom"), self.get("prenom")
        for column, raw in (("nom", raw_last), ("prenom", raw_first)):
            if len(raw) > MAX_NAME:
                self.add("name_too_long", column, raw, str(MAX_NAME))
                return None
        last, first = self._clean("nom", raw_last), self._clean("prenom", raw_first)
        as_exported = None
        if not last and not first:
            self.add("no_name")
            return None
        split = split_full_name(last or first, surname_first=bool(last)) if not (first and last) else None
        if split is not None:
            column, as_exported = ("nom", last) if last else ("prenom", first)
            last, first = split
            self.add("name_split", column, as_exported, f"{last} / {first}")
        elif not first:
            self.add("missing_first_name", "prenom", last)
        elif not last:
            self.add("missing_last_name", "nom", first)
        cased_last, cased_first = _name_case(last, True), _name_case(first, False)
        if (cased_last, cased_first) != (last, first):
            self.add("name_case")
        return cased_last, cased_first, as_exported

    def _clean(self, column: str, raw: str) -> str:
        value, invisible, formula = _cleaned(raw)
        if invisible:
            self.add("invisible_characters", column, _shown(raw), value)
        if formula:
            self.add("formula", column, value)
        return value

    def _birth_date(self) -> dt.date | None:
        raw = self.get("date_naissance")
        if not raw:
            return None
        reading = self.reader.read_date(raw)
        if reading.foreign_digits:
            self.add("foreign_digits", "date_naissance", raw, format_date(reading.value) if reading.value else "")
        if reading.value is None:
            self.add("impossible_birth_date" if reading.form else "unreadable_birth_date", "date_naissance", raw)
            return None
        if reading.value > self.reader.today or reading.value.year < 1900:
            self.add("impossible_birth_date", "date_naissance", raw)
            return None
        if reading.form in (DATE_EXCEL, DATE_TWO_DIGIT_YEAR, DATE_COMPACT):
            self.add("date_interpreted", "date_naissance", raw, format_date(reading.value))
        elif reading.form != DATE_FR:
            self.add("date_format")
        return reading.value

    def _role(self, birth_date: dt.date | None) -> str:
        raw = self.get("role")
        role = _ROLE_WORDS.get(raw) or _ROLE_WORDS.get(fold(raw))
        if role is not None:
            return role
        young = birth_date is not None and birth_date > self.reader.adult_born_before
        role = "enfant" if young else "responsable"
        self.add("role_guessed", "role", raw, role)
        return role

    def _email(self) -> str | None:
        raw = self.get("email")
        if not raw:
            return None
        reading = read_email(raw)
        if reading.value is None:
            self.add("invalid_email", "email", raw)
        elif reading.spaces_removed:
            self.add("email_spaces", "email", raw, reading.value)
        elif reading.reformatted:
            self.add("email_case")
        return reading.value

    def _phone(self) -> str | None:
        raw = self.get("telephone")
        if not raw:
            return None
        reading = read_phone(raw[:40])
        if has_foreign_digits(raw):
            self.add("foreign_digits", "telephone", raw, reading.value or "")
        if reading.value is None or len(raw) > 40:
            self.add("invalid_phone", "telephone", raw)
            return None
        if reading.zero_restored:
            self.add("phone_zero_restored", "telephone", raw, reading.value)
        elif reading.reformatted:
            self.add("phone_format")
        return reading.value

    def _postal_code(self) -> str | None:
        raw = self.get("code_postal")
        if not raw:
            return None
        reading = _postal_code(raw[:20])
        if reading.foreign_digits:
            self.add("foreign_digits", "code_postal", raw, reading.value or "")
        if reading.value is None:
            self.add("invalid_postal_code", "code_postal", raw)
        elif reading.zero_restored:
            self.add("postal_code_zero_restored", "code_postal", raw, reading.value)
        return reading.value

    def _text(self, column: str, limit: int) -> str | None:
        raw = self.get(column)
        if len(raw) > limit:
            self.add("field_too_long", column, raw, str(limit))
            return None
        return self._clean(column, raw) or None
