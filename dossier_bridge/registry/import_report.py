"""What an import of a billing export found and did, for staff (French) and operators (English).

Three kinds of findings, each tied to a line of the file:

- *skipped*: a row that cannot be used at all (no name anywhere, no dossier
  number...); the rest of the file is imported and the row is listed;
- *warning*: a row imported, but something was missing, guessed or dropped
  (a full name split in two, a birth date that cannot be, a postal code
  whose leading zero a spreadsheet lost...); ``--strict`` refuses on any;
- *note*: only the way it was written changed (a phone "+33 6...", a first
  name in capitals, a date as AAAA-MM-JJ); counted, with a few lines as
  examples, since a billing system may write every row that way.

A file that cannot be read as a register at all gets :class:`LineError`
refusals instead, and nothing is changed. The report is plain data and
round-trips through JSON (the staff page stores it with the import job).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO

from dossier_bridge.i18n import message
from dossier_bridge.spreadsheet import SafeWriter

SKIPPED, WARNING, NOTE = "skipped", "warning", "note"

KINDS: dict[str, str] = {
    # rows that cannot be used
    "no_dossier_number": SKIPPED,
    "bad_dossier_number": SKIPPED,
    "no_name": SKIPPED,
    "name_too_long": SKIPPED,
    "too_many_fields": SKIPPED,
    # rows imported with a doubt
    "name_split": WARNING,
    "missing_first_name": WARNING,
    "missing_last_name": WARNING,
    "role_guessed": WARNING,
    "missing_birth_date": WARNING,
    "unreadable_birth_date": WARNING,
    "impossible_birth_date": WARNING,
    "date_interpreted": WARNING,
    "foreign_digits": WARNING,
    "invalid_email": WARNING,
    "email_spaces": WARNING,
    "invalid_phone": WARNING,
    "phone_zero_restored": WARNING,
    "invalid_postal_code": WARNING,
    "postal_code_zero_restored": WARNING,
    "invisible_characters": WARNING,
    "formula": WARNING,
    "field_too_long": WARNING,
    "missing_fields": WARNING,
    "duplicate_line": WARNING,
    "same_person_twice": WARNING,
    "no_adult": WARNING,
    "mixed_encoding": WARNING,
    "nul_bytes": WARNING,
    "missing_column": WARNING,
    "lines_before_header": WARNING,
    # written otherwise, same meaning
    "date_format": NOTE,
    "phone_format": NOTE,
    "email_case": NOTE,
    "name_case": NOTE,
    "trailing_columns": NOTE,
    "unknown_column": NOTE,
}

# How many example lines a note keeps.
NOTE_SAMPLE = 10
# Longest value a report repeats (a hostile field may be megabytes long).
MAX_VALUE = 120

IMPORTED, DRY_RUN, REFUSED, REFUSED_STRICT = "imported", "dry_run", "refused", "refused_strict"

ENCODING_NAMES = {"utf_8": "UTF-8", "utf_8_sig": "UTF-8 (BOM)", "cp1252": "Windows-1252", "utf_16": "UTF-16",
                  "cp850": "DOS (CP850)", "mac_roman": "Mac Roman", "iso8859_15": "ISO-8859-15",
                  "mixed": "UTF-8 + Windows-1252"}
DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}


@dataclass(frozen=True)
class LineError:
    """Why a file cannot be read as a register at all (``code`` names the message)."""

    line: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, locale: str = "en") -> str:
        return message(locale, f"importError_{self.code}", **self.params)

    def __str__(self) -> str:
        return f"line {self.line}: {self.text('en')}"


class ImportFileError(Exception):
    def __init__(self, errors: list[LineError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Finding:
    line: int
    kind: str
    column: str = ""
    value: str = ""  # what the file said
    result: str = ""  # what was kept, or the other line concerned

    @property
    def severity(self) -> str:
        return KINDS[self.kind]

    def text(self, locale: str = "en") -> str:
        return message(locale, f"importFinding_{self.kind}", column=self.column, value=self.value, result=self.result)


@dataclass
class NoteCount:
    count: int = 0
    lines: list[int] = field(default_factory=list)


class Findings:
    """Collects the findings of one file while it is read."""

    def __init__(self) -> None:
        self.listed: list[Finding] = []
        self.notes: dict[str, NoteCount] = {}

    def add(self, line: int, kind: str, column: str = "", value: str = "", result: str = "") -> None:
        if KINDS[kind] == NOTE:
            note = self.notes.setdefault(kind, NoteCount())
            note.count += 1
            if len(note.lines) < NOTE_SAMPLE:
                note.lines.append(line)
            return
        self.listed.append(Finding(line, kind, column, _short(value), _short(result)))


def _short(value: str) -> str:
    value = value or ""
    return value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"


@dataclass
class RegistryChanges:
    """What applying the file did (or would do, in a dry run) to the registry."""

    dossiers_created: int = 0
    dossiers_updated: int = 0
    dossiers_unchanged: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    persons_unchanged: int = 0
    # Field name -> persons whose field changed (an incremental export).
    fields_changed: dict[str, int] = field(default_factory=dict)
    # Persons of the file's dossiers that the file no longer lists: kept.
    persons_missing: int = 0
    # Dossiers of earlier imports that this file no longer holds: kept.
    dossiers_missing: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.dossiers_created + self.dossiers_updated


@dataclass
class ImportReport:
    file_name: str
    status: str = IMPORTED
    encoding: str = ""
    delimiter: str = ""
    rows_read: int = 0
    dossiers_read: int = 0
    errors: list[LineError] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: dict[str, NoteCount] = field(default_factory=dict)
    changes: RegistryChanges | None = None

    @property
    def refused(self) -> bool:
        return self.status in (REFUSED, REFUSED_STRICT)

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def skipped(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == SKIPPED]

    def counts_by_kind(self) -> list[tuple[str, str, int]]:
        """(severity, kind, count), skipped rows first, then warnings, then notes."""
        counted = Counter(f.kind for f in self.findings)
        rows = [(KINDS[k], k, n) for k, n in counted.items()]
        rows += [(NOTE, k, n.count) for k, n in self.notes.items()]
        order = {SKIPPED: 0, WARNING: 1, NOTE: 2}
        return sorted(rows, key=lambda r: (order[r[0]], -r[2], r[1]))

    # -- storage -------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ImportReport":
        changes = data.get("changes")
        return cls(
            file_name=data["file_name"],
            status=data["status"],
            encoding=data.get("encoding", ""),
            delimiter=data.get("delimiter", ""),
            rows_read=data.get("rows_read", 0),
            dossiers_read=data.get("dossiers_read", 0),
            errors=[LineError(**e) for e in data.get("errors", [])],
            findings=[Finding(**f) for f in data.get("findings", [])],
            notes={k: NoteCount(**v) for k, v in data.get("notes", {}).items()},
            changes=RegistryChanges(**changes) if changes else None,
        )

    # -- operators' console (English) ----------------------------------------

    def summary_en(self) -> str:
        parts = [f"{_n(self.rows_read, 'row')} read ({ENCODING_NAMES.get(self.encoding, self.encoding) or '?'}), "
                 f"{_n(self.dossiers_read, 'dossier')}"]
        c = self.changes
        if c is not None:
            verb = "would be" if self.status == DRY_RUN else ""
            parts.append(
                f"dossiers: {c.dossiers_created} created, {c.dossiers_updated} updated, {c.dossiers_unchanged} unchanged"
                f"{' (dry run)' if verb else ''}; {c.changed} changed"
            )
            parts.append(f"persons: {c.persons_created} created, {c.persons_updated} updated, "
                         f"{c.persons_unchanged} unchanged")
            if c.fields_changed:
                parts.append("fields changed: " + ", ".join(f"{k} {v}" for k, v in sorted(c.fields_changed.items())))
            if c.persons_missing or c.dossiers_missing:
                parts.append(f"kept although absent from the file: {_n(len(c.dossiers_missing), 'dossier')}, "
                             f"{_n(c.persons_missing, 'person')}")
        parts.append(f"{_n(len(self.warnings), 'warning')}, {_n(len(self.skipped), 'row')} skipped, "
                     f"{_n(sum(n.count for n in self.notes.values()), 'value')} reformatted")
        return "; ".join(parts)

    def lines_en(self) -> list[str]:
        """One line per refusal and per listed finding, then the notes by kind."""
        lines = [str(e) for e in self.errors]
        for finding in sorted(self.findings, key=lambda f: f.line):
            label = "skipped" if finding.severity == SKIPPED else "warning"
            lines.append(f"line {finding.line}: {label}: {finding.text('en')}")
        for kind, note in sorted(self.notes.items()):
            shown = ", ".join(map(str, note.lines)) + (", ..." if note.count > len(note.lines) else "")
            lines.append(f"note: {message('en', f'importKind_{kind}')}: {note.count} (lines {shown})")
        if self.changes and self.changes.dossiers_missing:
            shown = self.changes.dossiers_missing[:20]
            more = len(self.changes.dossiers_missing) - len(shown)
            lines.append("dossiers of earlier imports absent from this file (kept): " + ", ".join(shown)
                         + (f" and {more} more" if more > 0 else ""))
        return lines

    # -- staff spreadsheet (French) ------------------------------------------

    def write_csv(self, out: TextIO, locale: str = "fr") -> None:
        """The whole report as one table: the counts first, then every finding with its line."""
        t = lambda key, **v: message(locale, key, **v)  # noqa: E731 - a local shorthand
        writer = SafeWriter(out)
        writer.writerow([t("importCsvLine"), t("importCsvSeverity"), t("importCsvKind"), t("importCsvColumn"),
                         t("importCsvValue"), t("importCsvResult"), t("importCsvMessage")])
        summary = t("importCsvSummary")
        for key, value in self.summary_rows(locale):
            writer.writerow(["", summary, key, "", value, "", ""])
        for error in self.errors:
            writer.writerow([error.line, t("importSeverity_refused"), error.code, "", "", "", error.text(locale)])
        for finding in sorted(self.findings, key=lambda f: f.line):
            writer.writerow([finding.line, t(f"importSeverity_{finding.severity}"), t(f"importKind_{finding.kind}"),
                             finding.column, finding.value, finding.result, finding.text(locale)])
        for kind, note in sorted(self.notes.items()):
            for line in note.lines:
                writer.writerow([line, t("importSeverity_note"), t(f"importKind_{kind}"), "", "", "",
                                 t("importNoteSample", count=note.count)])
        if self.changes:
            for number in self.changes.dossiers_missing:
                writer.writerow(["", t("importSeverity_missing"), t("importKind_dossier_missing"), "numero_dossier",
                                 number, "", t("importFinding_dossier_missing", value=number)])

    def summary_rows(self, locale: str = "fr") -> list[tuple[str, object]]:
        t = lambda key, **v: message(locale, key, **v)  # noqa: E731
        rows: list[tuple[str, object]] = [
            (t("importCountStatus"), t(f"importStatus_{self.status}")),
            (t("importCountEncoding"), ENCODING_NAMES.get(self.encoding, self.encoding)),
            (t("importCountRows"), self.rows_read),
            (t("importCountDossiers"), self.dossiers_read),
        ]
        if self.changes:
            c = self.changes
            rows += [
                (t("importCountDossiersCreated"), c.dossiers_created),
                (t("importCountDossiersUpdated"), c.dossiers_updated),
                (t("importCountDossiersUnchanged"), c.dossiers_unchanged),
                (t("importCountPersonsCreated"), c.persons_created),
                (t("importCountPersonsUpdated"), c.persons_updated),
                (t("importCountPersonsUnchanged"), c.persons_unchanged),
                (t("importCountPersonsMissing"), c.persons_missing),
                (t("importCountDossiersMissing"), len(c.dossiers_missing)),
            ]
            rows += [(t("importCountFieldChanged", field=name), n) for name, n in sorted(c.fields_changed.items())]
        rows += [(t("importCountSkipped"), len(self.skipped)), (t("importCountWarnings"), len(self.warnings))]
        rows += [(t(f"importKind_{kind}"), n) for _, kind, n in self.counts_by_kind()]
        return rows


def _n(count: int, noun: str) -> str:
    """A count and its English noun: "1 dossier", "2 dossiers"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
