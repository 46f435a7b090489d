"""Reading what French families and billing systems type: dates, phones, e-mails, postal codes, names.

One home for each rule, used by the import, the family information form,
the staff decisions and the duplicate engine. Every reader is lenient in
what it understands and says how it understood it (a ``form`` or a flag),
so that the import can warn about a guess while the family form refuses it.
Nothing here knows about files, the database or the web.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from dossier_bridge.firstnames import is_first_name
from dossier_bridge.names import PARTICLES, fold

# -- digits ------------------------------------------------------------------

_NON_ASCII_DIGIT = re.compile(r"[^\x00-\x7f]")


def ascii_digits(text: str) -> str:
    """Digits of any script ("٢٠٢٤", "２０２４") as 0-9; everything else unchanged."""
    if text.isascii():
        return text
    return _NON_ASCII_DIGIT.sub(_digit_or_self, text)


def _digit_or_self(match: re.Match[str]) -> str:
    char = match.group()
    value = unicodedata.decimal(char, None)
    return str(value) if value is not None else char


def has_foreign_digits(text: str) -> bool:
    return not text.isascii() and any(unicodedata.decimal(c, None) is not None and not c.isascii() for c in text)


# -- dates -------------------------------------------------------------------

# How a date was written. ``fr`` is the import format's JJ/MM/AAAA; the
# others were understood but are worth telling (a spreadsheet reformatted
# the column, or a serial number had to be interpreted).
DATE_FR = "fr"
DATE_FR_LOOSE = "fr_loose"  # 1/3/2024, 01-03-2024, 01.03.2024
DATE_ISO = "iso"  # 2024-03-01, also with a time
DATE_TWO_DIGIT_YEAR = "two_digit_year"  # 01/03/24
DATE_EXCEL = "excel"  # 45352: days since 1899-12-30 (spreadsheets)
DATE_COMPACT = "compact"  # 20240301 or 01032024

_DATE_DMY = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})$")
_DATE_YMD = re.compile(r"^(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})$")
_TIME_SUFFIX = re.compile(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_EXCEL_SERIAL = re.compile(r"^(\d{1,5})(\.0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class DateReading:
    value: dt.date | None
    # One of the DATE_* forms; "" when the text is no date. A form without a
    # value is a date that cannot be (31/02/2024, serial 60).
    form: str = ""
    foreign_digits: bool = False


def read_date(raw: str | None, *, spreadsheet: bool = False, today: dt.date | None = None) -> DateReading:
    """A calendar date from what was typed, and the form it was written in.

    Always understood: JJ/MM/AAAA, J/M/AAAA, JJ-MM-AAAA, JJ.MM.AAAA,
    AAAA-MM-JJ (with or without a time). With ``spreadsheet`` (files from
    office software) also two-digit years (01/03/24, the century that puts
    the date in the past), Excel serial numbers and eight digits in a row.
    Impossible dates (31/02) have a form but no value; whether a date is
    plausible (not in the future...) is the caller's business.
    """
    text = (raw or "").strip()
    if not text:
        return DateReading(None)
    foreign = has_foreign_digits(text)
    text = _TIME_SUFFIX.sub("", ascii_digits(text)).strip()
    value, form = _date_of(text, spreadsheet, today or dt.date.today())
    return DateReading(value, form, foreign)


def _date_of(text: str, spreadsheet: bool, today: dt.date) -> tuple[dt.date | None, str]:
    match = _DATE_DMY.match(text)
    if match:
        day, separator, month, year = match.groups()
        if len(year) == 2:
            if not spreadsheet:
                return None, ""
            century = 2000 if int(year) <= today.year % 100 else 1900
            return _calendar(century + int(year), int(month), int(day)), DATE_TWO_DIGIT_YEAR
        exact = separator == "/" and len(day) == 2 and len(month) == 2
        return _calendar(int(year), int(month), int(day)), DATE_FR if exact else DATE_FR_LOOSE
    match = _DATE_YMD.match(text)
    if match:
        year, _, month, day = match.groups()
        return _calendar(int(year), int(month), int(day)), DATE_ISO
    if not spreadsheet or not text.replace(".", "").isdigit():
        return None, ""
    if len(text) == 8:
        as_ymd = _calendar(int(text[:4]), int(text[4:6]), int(text[6:]))
        if as_ymd and as_ymd.year >= 1900:
            return as_ymd, DATE_COMPACT
        return _calendar(int(text[4:]), int(text[2:4]), int(text[:2])), DATE_COMPACT
    match = _EXCEL_SERIAL.match(text)
    if match:
        return excel_serial_date(int(match.group(1))), DATE_EXCEL
    return None, ""


def excel_serial_date(serial: int) -> dt.date | None:
    """The date a spreadsheet's day number stands for (1900 date system).

    Day 60 is 29 February 1900, which never existed: the spreadsheets kept
    Lotus 1-2-3's error, so days after it are counted from 30 December 1899.
    """
    if serial <= 0 or serial == 60 or serial > 2_958_465:
        return None
    if serial < 60:
        return _EXCEL_EPOCH + dt.timedelta(days=serial + 1)
    return _EXCEL_EPOCH + dt.timedelta(days=serial)


def _calendar(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: object, *, spreadsheet: bool = False) -> dt.date | None:
    """A date from a date, a datetime or text in any form :func:`read_date` understands."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return read_date(str(value), spreadsheet=spreadsheet).value


def format_date(value: dt.date) -> str:
    """JJ/MM/AAAA, the form French staff and families read."""
    return value.strftime("%d/%m/%Y")


# -- phones ------------------------------------------------------------------

_PHONE_NOISE = re.compile(r"[\s.\-()/]")
_PHONE_SHAPE = re.compile(r"^\+?[0-9]{6,20}$")
# Overseas departments have their own country codes but belong to the
# national plan: +262 692 12 34 56 is 0692 12 34 56.
_FRENCH_COUNTRY_CODES = ("33", "262", "269", "508", "590", "594", "596")


@dataclass(frozen=True)
class PhoneReading:
    value: str | None  # "06 12 34 56 78" for a French number, "+32 2 123 45 67" for another
    french: bool = False
    zero_restored: bool = False  # 612345678: a spreadsheet dropped the leading zero
    reformatted: bool = False  # written otherwise (+33, dots, no spaces...)


def read_phone(raw: str | None) -> PhoneReading:
    """A phone number in any form a French family or billing system writes it."""
    text = ascii_digits((raw or "").strip())
    if not text:
        return PhoneReading(None)
    compact = _PHONE_NOISE.sub("", text)
    if not _PHONE_SHAPE.match(compact):
        return PhoneReading(None)
    national, zero_restored = _national(compact)
    if national is not None:
        value = " ".join(national[i : i + 2] for i in range(0, 10, 2))
        return PhoneReading(value, True, zero_restored, reformatted=value != text)
    if compact.startswith("+") or compact.startswith("00"):
        digits = compact.lstrip("+")
        digits = digits[2:] if compact.startswith("00") else digits
        value = "+" + digits
        return PhoneReading(value, False, False, reformatted=value != text)
    return PhoneReading(None)


def _national(compact: str) -> tuple[str | None, bool]:
    """The ten national digits of a French number, and whether a lost leading zero was put back."""
    international = compact.startswith(("+", "00"))
    digits = compact[1:] if compact.startswith("+") else compact[2:] if compact.startswith("00") else compact
    if international or (len(digits) == 11 and digits.startswith("33")):
        code = next((c for c in _FRENCH_COUNTRY_CODES if digits.startswith(c)), None)
        if code is None:
            return None, False
        rest = digits[len(code) :]
        # "+33 (0)6 ..." keeps the trunk zero it should have dropped.
        if len(rest) == 10 and rest.startswith("0"):
            rest = rest[1:]
        return (_valid_national("0" + rest) if len(rest) == 9 else None), False
    if len(digits) == 10:
        return _valid_national(digits), False
    if len(digits) == 9 and digits[0] != "0":
        national = _valid_national("0" + digits)
        return national, national is not None
    return None, False


def _valid_national(digits: str) -> str | None:
    return digits if len(digits) == 10 and digits[0] == "0" and digits[1] != "0" else None


def format_french_phone(raw: str | None) -> str | None:
    """'02.37.11.22.33', '+33 2 37 11 22 33', '0033237112233' -> '02 37 11 22 33'; None otherwise."""
    reading = read_phone(raw)
    return reading.value if reading.french and not reading.zero_restored else None


def phone_digits(raw: str | None) -> str:
    """The ten national digits of a French number whatever its form, or the digits of another one.

    What two phone numbers are compared on; "" when the text is no phone number.
    """
    reading = read_phone(raw)
    if reading.value is None:
        digits = re.sub(r"\D", "", ascii_digits(raw or ""))
        return digits if len(digits) >= 6 else ""
    return re.sub(r"\D", "", reading.value)


# -- e-mail addresses --------------------------------------------------------

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254


@dataclass(frozen=True)
class EmailReading:
    value: str | None  # trimmed, lower case; None when not an address
    spaces_removed: bool = False  # spaces inside ("jean dupont@x.fr")
    reformatted: bool = False  # case or surrounding spaces changed


def read_email(raw: str | None) -> EmailReading:
    text = (raw or "").strip()
    if not text:
        return EmailReading(None)
    inner = "".join(text.split())
    value = inner.lower()
    if len(value) > MAX_EMAIL or not EMAIL_PATTERN.match(value):
        return EmailReading(None)
    return EmailReading(value, spaces_removed=inner != text, reformatted=value != (raw or ""))


def normalise_email(raw: str | None) -> str | None:
    """Trimmed and lower-cased, or None when the text is no e-mail address."""
    return read_email(raw).value


# -- postal codes ------------------------------------------------------------

_POSTAL_CODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class PostalCodeReading:
    value: str | None
    zero_restored: bool = False  # 1000 for 01000: a spreadsheet read the code as a number
    foreign_digits: bool = False


def read_postal_code(raw: str | None, *, spreadsheet: bool = False) -> PostalCodeReading:
    """Five digits (spaces and digits of other scripts allowed); with ``spreadsheet``, four get their zero back."""
    text = (raw or "").strip()
    foreign = has_foreign_digits(text)
    digits = "".join(ascii_digits(text).split())
    if spreadsheet and digits.endswith(".0"):
        digits = digits[:-2]
    if _POSTAL_CODE.match(digits):
        return PostalCodeReading(digits, False, foreign)
    if spreadsheet and len(digits) == 4 and digits.isdigit() and digits[0] != "0":
        return PostalCodeReading("0" + digits, True, foreign)
    return PostalCodeReading(None, False, foreign)


def normalise_postal_code(raw: str | None, *, spreadsheet: bool = False) -> str | None:
    return read_postal_code(raw, spreadsheet=spreadsheet).value


# -- names and free text -----------------------------------------------------

# Control, format (zero-width, bidirectional overrides, soft hyphen...),
# private-use, surrogate and unassigned characters: invisible in a name, or
# able to make one look like another.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
# Anything outside printable Latin is looked at closely; the rest is fast.
_SUSPECT = re.compile(r"[^\x20-\x7e\u00a0-\u00ac\u00ae-\u024f]")


def has_invisible(text: str) -> bool:
    return bool(_SUSPECT.search(text)) and any(unicodedata.category(c) in INVISIBLE_CATEGORIES for c in text)


@dataclass(frozen=True)
class CleanText:
    value: str
    invisible_removed: bool = False


def clean_text(raw: str | None) -> CleanText:
    """NFC, without invisible characters, white space collapsed: what a name or an address line should be."""
    text = raw or ""
    removed = False
    if _SUSPECT.search(text):
        kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in INVISIBLE_CATEGORIES)
        removed = len(kept) != len(text)
        text = unicodedata.normalize("NFC", kept)
    return CleanText(" ".join(text.split()), removed)


_NAME_PARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "van", "von", "der", "den", "da", "dos", "di"})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def name_case(name: str, *, surname: bool) -> str:
    """Capitalised words for a name written all in lower case, or a first name all in capitals.

    Surnames in capitals are the French way of writing them and stay so.
    Particles stay lower case inside a name ("de la Fontaine").
    """
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return name
    lower = all(c.islower() for c in letters)
    upper = all(c.isupper() for c in letters)
    if not (lower or (upper and not surname)) or (upper and len(letters) == 1):
        return name
    return _capitalised(name)


@lru_cache(maxsize=50_000)
def _capitalised(name: str) -> str:
    words = []
    position = 0
    for match in _WORD.finditer(name):
        word = match.group().lower()
        first = not words and not name[: match.start()].strip()
        keep_lower = word in _NAME_PARTICLES and not first and match.end() < len(name.rstrip())
        words.append(name[position : match.start()])
        words.append(word if keep_lower else word[:1].upper() + word[1:])
        position = match.end()
    words.append(name[position:])
    return "".join(words)


def split_full_name(text: str, surname_first: bool) -> tuple[str, str] | None:
    """(last name, first name) of a whole name written in one column; None when no first name shows.

    Capitals mark the surname ("FOURNIER Sophie", "Marie de la FONTAINE");
    otherwise a common first name at one end does; otherwise the column's
    habit decides (``nom`` holds "NOM Prénom", ``prenom`` "Prénom Nom").
    A surname with particles ("Le Gall") or in capitals without any known
    first name ("MARTIN DUPONT") is a surname alone.
    """
    tokens = text.split()
    if len(tokens) < 2 or all(fold(t) in PARTICLES for t in tokens[:-1]):
        return None
    caps = [_is_capitals(t) for t in tokens]
    if any(caps) and not all(caps):
        cut = caps.index(False)
        if not any(caps[cut:]):
            return " ".join(tokens[:cut]), " ".join(tokens[cut:])
        start = len(caps) - caps[::-1].index(False)
        if not any(caps[:start]):
            while start > 1 and fold(tokens[start - 1]) in PARTICLES:
                start -= 1
            return " ".join(tokens[start:]), " ".join(tokens[:start])
    known = [is_first_name(t) for t in tokens]
    suffix = _run(known[::-1])
    prefix = _run(known)
    if suffix and not prefix:
        return " ".join(tokens[:-suffix]), " ".join(tokens[-suffix:])
    if prefix and not suffix:
        return " ".join(tokens[prefix:]), " ".join(tokens[:prefix])
    if all(caps):
        return None
    if surname_first:
        return " ".join(tokens[:-1]), tokens[-1]
    return " ".join(tokens[1:]), tokens[0]


def _run(flags: list[bool]) -> int:
    """Length of the leading run of True, keeping at least one token for the other name."""
    count = 0
    for flag in flags[:-1]:
        if not flag:
            break
        count += 1
    return count


def _is_capitals(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
