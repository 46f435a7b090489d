"""What a real billing system's export does to clean data: the imperfections the import must absorb.

Applied to the generator's rows after the families are made, with a random
stream of its own, so that the families (and the true pairs) of a seed are
the same with or without them. Rates are per row (or per dossier) and
small, a few per thousand, as in registers typed by hand for years and
exported through a spreadsheet; the issue that asked for them counted 19
whole names in ``nom`` among 7,631 rows.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

# (name, rate): per row unless the name says dossier.
ROW_RATES = {
    "full_name_in_nom": 0.003,
    "missing_first_name": 0.002,
    "child_without_date": 0.003,
    "impossible_date": 0.001,
    "iso_date": 0.003,
    "short_date": 0.003,
    "excel_date": 0.001,
    "phone_zero_dropped": 0.003,
    "phone_format": 0.005,
    "email_case_spaces": 0.003,
    "name_case": 0.005,
    "invisible_character": 0.0005,
    "separator_in_address": 0.002,
    "line_break_in_address": 0.001,
    "trailing_columns": 0.002,
    "duplicated_line": 0.002,
    "same_person_twice": 0.001,
}
DOSSIER_RATES = {
    "child_before_adults": 0.01,
    "children_only": 0.002,
}
# Postal codes of départements 01 to 09 lose their zero this often (a
# spreadsheet that took the column for numbers).
POSTAL_ZERO_DROPPED = 0.5

NUMBER, ROLE, LAST, FIRST, BORN, EMAIL, PHONE, ADDRESS, POSTAL, TOWN = range(10)


def apply(dossiers: list[list[list[str]]], seed: int) -> list[list[str]]:
    """The rows of every dossier, as a billing export would write them."""
    rng = random.Random(seed * 7919 + 17)
    rows: list[list[str]] = []
    for dossier in dossiers:
        dossier = [list(row) for row in dossier]
        if rng.random() < DOSSIER_RATES["children_only"] and any(r[ROLE] == "enfant" for r in dossier):
            dossier = [r for r in dossier if r[ROLE] == "enfant"]
        elif rng.random() < DOSSIER_RATES["child_before_adults"]:
            children = [r for r in dossier if r[ROLE] == "enfant"]
            if children:
                dossier.remove(children[0])
                dossier.insert(0, children[0])
        for row in dossier:
            rows.extend(_row(row, rng))
    return rows


def _row(row: list[str], rng: random.Random) -> list[list[str]]:
    chance = lambda name: rng.random() < ROW_RATES[name]  # noqa: E731
    if row[POSTAL].startswith("0") and rng.random() < POSTAL_ZERO_DROPPED:
        row[POSTAL] = row[POSTAL][1:]
    if row[ROLE] == "responsable" and chance("full_name_in_nom"):
        row[LAST], row[FIRST] = f"{row[LAST]} {row[FIRST]}", ""
    elif chance("missing_first_name"):
        row[FIRST] = ""
    if chance("name_case"):
        row[LAST], row[FIRST] = rng.choice([(row[LAST].lower(), row[FIRST].lower()), (row[LAST], row[FIRST].upper())])
    if chance("invisible_character") and len(row[FIRST]) > 2:
        row[FIRST] = row[FIRST][:2] + rng.choice(["\u200b", "\u200e", "\u2060"]) + row[FIRST][2:]
    if row[BORN]:
        row[BORN] = _date(row, rng, chance)
    if row[PHONE]:
        row[PHONE] = _phone(row[PHONE], rng, chance)
    if row[EMAIL] and chance("email_case_spaces"):
        row[EMAIL] = rng.choice([f" {row[EMAIL]} ", row[EMAIL].upper(), row[EMAIL].title()])
    if row[ADDRESS] and chance("separator_in_address"):
        row[ADDRESS] += rng.choice(["; bât B", "; appt 12", "; 2e étage"])
    elif row[ADDRESS] and chance("line_break_in_address"):
        row[ADDRESS] = f"Résidence {rng.choice(['les Tilleuls', 'du Parc', 'Bel Air'])}\n{row[ADDRESS]}"
    out = [row + [""] * rng.randint(1, 3) if chance("trailing_columns") else row]
    if chance("duplicated_line"):
        out.append(list(row))
    elif row[ROLE] == "enfant" and chance("same_person_twice"):
        twin = list(row)
        twin[FIRST] = _other_accents(twin[FIRST])
        out.append(twin)
    return out


def _date(row: list[str], rng: random.Random, chance) -> str:
    text = row[BORN]
    if row[ROLE] == "enfant" and chance("child_without_date"):
        return ""
    day, month, year = (int(p) for p in text.split("/"))
    if chance("impossible_date"):
        return rng.choice([f"31/02/{year}", f"{day:02d}/{month:02d}/{dt.date.today().year + 3}", "00/00/0000"])
    if chance("iso_date"):
        return f"{year:04d}-{month:02d}-{day:02d}"
    if chance("short_date"):
        return f"{day}/{month}/{year}"
    if chance("excel_date"):
        return str((dt.date(year, month, day) - dt.date(1899, 12, 30)).days)
    return text


def _phone(phone: str, rng: random.Random, chance) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) == 10 and chance("phone_zero_dropped"):
        return digits[1:]
    if len(digits) == 10 and chance("phone_format"):
        pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
        return rng.choice([" ".join(pairs), ".".join(pairs), "+33 " + digits[1] + " " + " ".join(pairs[1:]),
                           "0033" + digits[1:]])
    return phone


def _other_accents(name: str) -> str:
    """"Mattéo" for "Matteo" and back: the same child typed twice."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    if plain != name:
        return plain
    return name.replace("e", "é", 1) if "e" in name else name.upper()
