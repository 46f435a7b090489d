"""Blocking keys: which pairs of families are worth comparing at all.

A pair is compared only when the two families share at least one key, so
the cost grows with the number of families, not with its square. Every key
stands for one kind of evidence that survives the usual variations:

- ``t:`` a phone number, ``m:`` an e-mail address (any format, any case);
- ``k:`` a child's first name (phonetic) and birth date, day and month
  unordered so that a swapped date still meets;
- ``j:`` a child's birth date and surname (phonetic): a misspelt first name;
- ``n:`` an adult's first and last name (phonetic), unordered: swapped names;
- ``b:`` an adult's birth date (when given) and first or last name (phonetic);
- ``r:`` postal code, house number and street name;
- ``d:`` an adult's birth date (when given), day and month unordered;
- ``h:`` house number and the start of the street name, any town: a
  mistyped postal code or town.

``n:``, ``r:``, ``d:`` and ``h:`` are weak keys (homonyms, blocks of flats): a smaller block
size limit applies to them, see ``MatchingConfig.max_weak_block_size``.

``s:`` keys are not for blocking: they count the dossiers bearing a surname,
which weighs an agreement on MARTIN less than one on a rare name.
"""

from __future__ import annotations

from dossier_bridge.matching.features import FamilyFeatures
from dossier_bridge.models.matching import KEY_LENGTH

STATS_PREFIX = "s:"
WEAK_PREFIXES = ("n:", "r:", "d:", "h:")


def blocking_keys(family: FamilyFeatures) -> set[str]:
    keys: set[str] = set()
    keys.update(f"t:{phone}" for phone in family.phones)
    keys.update(f"m:{email}" for email in family.emails)
    for child in family.children:
        if not child.date_key:
            continue
        if child.first_code:
            keys.add(f"k:{child.first_code}:{child.date_key}")
        keys.update(f"j:{child.date_key}:{code}" for code in child.last_codes)
    for adult in family.adults:
        for code in adult.last_codes:
            if adult.first_code:
                keys.add("n:" + ":".join(sorted((adult.first_code, code))))
            if adult.date_key:
                keys.add(f"b:{adult.date_key}:{code}")
        if adult.date_key and adult.first_code:
            keys.add(f"b:{adult.date_key}:{adult.first_code}")
        if adult.date_key:
            keys.add(f"d:{adult.date_key}")
    if family.street and family.house_number and (family.postal_code or family.town):
        keys.add(f"r:{family.postal_code or family.town}:{family.house_number}:{family.street}")
    if family.street and family.house_number:
        keys.add(f"h:{family.house_number}:{family.street[:4]}")
    return {k[:KEY_LENGTH] for k in keys}


def surname_stat_keys(family: FamilyFeatures) -> set[str]:
    return {f"{STATS_PREFIX}{adult.last}"[:KEY_LENGTH] for adult in family.adults if adult.last}


def all_keys(family: FamilyFeatures) -> set[str]:
    return blocking_keys(family) | surname_stat_keys(family)


def stat_key(surname: str) -> str:
    return f"{STATS_PREFIX}{surname}"[:KEY_LENGTH]


def is_weak(key: str) -> bool:
    return key.startswith(WEAK_PREFIXES)
