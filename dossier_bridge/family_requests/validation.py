"""Checking a family request field by field.

Errors name the field (``children.0.birth_date``) and a message key; the
Keycloak form shows the key's French text beside that field. Names may hold
any printable character (staff pages escape them); control and invisible
characters are refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping

from dossier_bridge.verification.identity import VOUCHING_SOURCES, iso_date

MAX_CHILDREN = 12
MAX_NAME = 100
MAX_ADDRESS = 200
MAX_SCHOOL = 100
MAX_EMAIL = 254
OLDEST_CHILD_YEARS = 25

_POSTAL_CODE = re.compile(r"^\d{5}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class Checker:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def text(self, field: str, value: Any, max_length: int, required: bool = True) -> str:
        value = _as_text(value)
        if not value:
            if required:
                self.fail(field, "familyErrorRequired")
        elif len(value) > max_length:
            self.fail(field, "familyErrorTooLong")
        elif not _printable(value):
            self.fail(field, "familyErrorCharacters")
        return value

    def phone(self, field: str, value: Any, required: bool = True) -> str:
        raw = _as_text(value)
        if not raw:
            if required:
                self.fail(field, "familyErrorRequired")
            return ""
        normalised = normalise_french_phone(raw)
        if normalised is None:
            self.fail(field, "familyErrorPhone")
            return raw[:30]
        return normalised

    def email(self, field: str, value: Any) -> str:
        raw = _as_text(value)
        if raw and (len(raw) > MAX_EMAIL or not _EMAIL.match(raw)):
            self.fail(field, "familyErrorEmail")
        return raw

    def postal_code(self, field: str, value: Any) -> str:
        raw = _as_text(value).replace(" ", "")
        if not raw:
            self.fail(field, "familyErrorRequired")
        elif not _POSTAL_CODE.match(raw):
            self.fail(field, "familyErrorPostalCode")
        return raw

    def birth_date(self, field: str, value: Any, today: dt.date) -> str:
        raw = _as_text(value)
        if not raw:
            self.fail(field, "familyErrorRequired")
            return ""
        parsed = parse_date(raw)
        if parsed is None:
            self.fail(field, "familyErrorDate")
            return raw[:20]
        if parsed > today:
            self.fail(field, "familyErrorBirthDateFuture")
        elif parsed.year < today.year - OLDEST_CHILD_YEARS:
            self.fail(field, "familyErrorBirthDateTooOld")
        return parsed.strftime("%d/%m/%Y")


def validate(payload: Mapping[str, Any], today: dt.date | None = None) -> tuple[dict[str, Any], list[FieldError]]:
    """The cleaned family data, and the errors (empty when the request can be stored)."""
    today = today or dt.date.today()
    check = Checker()
    clean: dict[str, Any] = {
        "address": check.text("address", payload.get("address"), MAX_ADDRESS),
        "postal_code": check.postal_code("postal_code", payload.get("postal_code")),
        "town": check.text("town", payload.get("town"), MAX_NAME),
        "phone": check.phone("phone", payload.get("phone")),
        "second_parent": _second_parent(check, payload.get("second_parent")),
        "children": _children(check, payload.get("children"), today),
    }
    identity = _identity(check, payload.get("identity"))
    if identity is not None:
        clean["identity"] = identity
    return clean, check.errors


def _identity(check: Checker, raw: Any) -> dict[str, str] | None:
    """The adult's identity as an identity provider (FranceConnect) gave it to Keycloak, when it did.

    Keycloak sends it, not the family: a malformed one is the caller's error, reported on `identity`.
    """
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("source"), str) or raw["source"] not in VOUCHING_SOURCES:
        check.fail("identity", "familyErrorInvalid")
        return None
    identity = {
        "source": str(raw["source"]),
        "given_names": check.text("identity.given_names", raw.get("given_names"), MAX_NAME),
        "family_name": check.text("identity.family_name", raw.get("family_name"), MAX_NAME),
        "usage_name": check.text("identity.usage_name", raw.get("usage_name"), MAX_NAME, required=False),
        "birth_date": "",
    }
    born = _as_text(raw.get("birth_date"))
    if born:
        parsed = iso_date(born)
        if parsed is None:
            check.fail("identity.birth_date", "familyErrorDate")
        else:
            identity["birth_date"] = parsed.strftime("%d/%m/%Y")
    return identity


def _second_parent(check: Checker, raw: Any) -> dict[str, str] | None:
    raw = raw if isinstance(raw, Mapping) else {}
    if not any(_as_text(raw.get(k)) for k in ("last_name", "first_name", "email", "phone")):
        return None
    parent = {
        "last_name": check.text("second_parent.last_name", raw.get("last_name"), MAX_NAME),
        "first_name": check.text("second_parent.first_name", raw.get("first_name"), MAX_NAME),
        "email": check.email("second_parent.email", raw.get("email")),
        "phone": check.phone("second_parent.phone", raw.get("phone"), required=False),
    }
    return parent


def _children(check: Checker, raw: Any, today: dt.date) -> list[dict[str, str]]:
    rows = [r for r in raw if isinstance(r, Mapping)] if isinstance(raw, list) else []
    rows = [r for r in rows if any(_as_text(r.get(k)) for k in ("last_name", "first_name", "birth_date", "school"))]
    if not rows:
        check.fail("children", "familyErrorNoChild")
        return []
    if len(rows) > MAX_CHILDREN:
        check.fail("children", "familyErrorTooManyChildren")
        rows = rows[:MAX_CHILDREN]
    children = []
    for index, row in enumerate(rows):
        prefix = f"children.{index}"
        children.append({
            "last_name": check.text(f"{prefix}.last_name", row.get("last_name"), MAX_NAME),
            "first_name": check.text(f"{prefix}.first_name", row.get("first_name"), MAX_NAME),
            "birth_date": check.birth_date(f"{prefix}.birth_date", row.get("birth_date"), today),
            "school": check.text(f"{prefix}.school", row.get("school"), MAX_SCHOOL, required=False),
        })
    return children


def normalise_french_phone(raw: str) -> str | None:
    """'02.37.11.22.33', '+33 2 37 11 22 33', '0033237112233' -> '02 37 11 22 33'."""
    digits = re.sub(r"[\s.\-()/]", "", raw)
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0[1-9]\d{8}", digits):
        return None
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def parse_date(raw: str) -> dt.date | None:
    match = _DATE_FR.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.match(raw)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _as_text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _printable(value: str) -> bool:
    return all(unicodedata.category(c) not in _FORBIDDEN_CATEGORIES for c in value)
