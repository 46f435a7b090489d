"""Comparison levels of two families, feature by feature.

Each feature lands on one discrete level ("same", "close", "none"...), which
is what makes the score explainable: the weight of a level is learned once
(see ``weights``) and the level itself becomes a reason in French.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from rapidfuzz.distance import JaroWinkler, Levenshtein

from dossier_bridge.matching.features import FamilyFeatures, PersonFeatures, _named
from dossier_bridge.matching.weights import MatchingConfig

# Below these, two spellings are taken as different names.
NAME_SIMILARITY = 0.90
# Between this and NAME_SIMILARITY, two names are "fuzzy": heavy typing
# slips, only worth something when the other name agrees too.
FUZZY_SIMILARITY = 0.80
STREET_SIMILARITY = 0.88

SurnameShare = Callable[[str], float | None]


def surname_agreement(a: PersonFeatures, b: PersonFeatures) -> str:
    """'exact', 'part' (one part of a compound or particle form), 'close' or 'none'."""
    return _surname_agreement(a.last_raw, b.last_raw)


# Pairs of spellings recur across many family pairs (MARTIN / MARTIN):
# their agreement is computed once.
@lru_cache(maxsize=1_000_000)
def _surname_agreement(last_a: str, last_b: str) -> str:
    a, b = _named(last_a, ""), _named(last_b, "")
    if not a.last or not b.last:
        return "none"
    if a.last == b.last or (a.last_bare and a.last_bare == b.last_bare):
        return "exact"
    if a.last_parts & b.last_parts:
        return "part"
    if a.last_codes & b.last_codes or _similar(a.last, b.last):
        return "close"
    if JaroWinkler.normalized_similarity(a.last, b.last) >= FUZZY_SIMILARITY:
        return "fuzzy"
    return "none"


def first_name_agreement(a: PersonFeatures, b: PersonFeatures) -> str:
    """'exact', 'close' (typo, same sound, one of a compound first name) or 'none'."""
    return _first_name_agreement(a.first_raw, b.first_raw)


@lru_cache(maxsize=1_000_000)
def _first_name_agreement(first_a: str, first_b: str) -> str:
    a, b = _named("", first_a), _named("", first_b)
    if not a.first or not b.first:
        return "none"
    if a.first == b.first:
        return "exact"
    if a.first_code == b.first_code or _similar(a.first, b.first):
        return "close"
    # "Jean-Pierre" and "Jean", "Marie Claire" and "Claire".
    if len(a.first_tokens) != len(b.first_tokens) and a.first_tokens & b.first_tokens:
        return "close"
    if JaroWinkler.normalized_similarity(a.first, b.first) >= FUZZY_SIMILARITY:
        return "fuzzy"
    return "none"


def _similar(x: str, y: str) -> bool:
    if JaroWinkler.normalized_similarity(x, y) >= NAME_SIMILARITY:
        return True
    # One typo in a short name ("Zoe"/"Zoa") drops Jaro-Winkler a lot.
    return min(len(x), len(y)) >= 4 and Levenshtein.distance(x, y, score_cutoff=1) <= 1


def adult_level(a: PersonFeatures, b: PersonFeatures) -> str:
    return _adult_level(a.last_raw, a.first_raw, b.last_raw, b.first_raw)


@lru_cache(maxsize=1_000_000)
def _adult_level(last_a: str, first_a: str, last_b: str, first_b: str) -> str:
    a, b = _named(last_a, first_a), _named(last_b, first_b)
    last = surname_agreement(a, b)
    first = first_name_agreement(a, b)
    if last in ("exact", "part") and first == "exact":
        return "same"
    if last in _AGREE and first in _AGREE:
        return "close"
    if _swapped(a, b):
        return "swapped"
    if last != "none" and first != "none":
        return "fuzzy"
    if first in _AGREE:
        return "first_only"
    if last in _AGREE:
        return "last_only"
    return "none"


_AGREE = frozenset({"exact", "part", "close"})


def _swapped(a: PersonFeatures, b: PersonFeatures) -> bool:
    if not (a.first and b.first and a.last and b.last):
        return False
    return (a.first in b.last_parts or _similar(a.first, b.last)) and (
        b.first in a.last_parts or _similar(b.first, a.last)
    )


@dataclass
class ChildMatch:
    a: PersonFeatures
    b: PersonFeatures
    exact: bool


def child_match(a: PersonFeatures, b: PersonFeatures) -> ChildMatch | None:
    if not a.birth_date or not b.birth_date:
        return None
    if first_name_agreement(a, b) not in _AGREE:
        return None
    if a.birth_date == b.birth_date:
        return ChildMatch(a, b, exact=True)
    if a.date_key == b.date_key or _date_typo(a, b):
        return ChildMatch(a, b, exact=False)
    return None


def birth_date_level(a: PersonFeatures, b: PersonFeatures) -> str:
    """An adult's birth date, when the export gives one: 'same', 'close' (slip) or 'different'."""
    if not a.birth_date or not b.birth_date:
        return "na"
    if a.birth_date == b.birth_date:
        return "same"
    if a.date_key == b.date_key or _date_typo(a, b):
        return "close"
    return "different"


def _date_typo(a: PersonFeatures, b: PersonFeatures) -> bool:
    """One wrong digit in JJMMAAAA, or two adjacent digits swapped."""
    x, y = a.birth_date.strftime("%d%m%Y"), b.birth_date.strftime("%d%m%Y")  # type: ignore[union-attr]
    differing = [i for i in range(8) if x[i] != y[i]]
    if len(differing) == 1:
        return True
    return len(differing) == 2 and differing[1] == differing[0] + 1 and x[differing[0]] == y[differing[1]]


@dataclass
class Comparison:
    levels: dict[str, str] = field(default_factory=dict)
    adult_pair: tuple[PersonFeatures, PersonFeatures] | None = None
    other_pair: tuple[PersonFeatures, PersonFeatures] | None = None
    children: list[ChildMatch] = field(default_factory=list)
    # Weight added for the rarity (or commonness) of the shared surname.
    surname_adjustment: float = 0.0
    surname_share: float | None = None


_ADULT_TO_OTHER = {"same": "match", "close": "match", "swapped": "match"}
_SURNAME_LEVELS = ("same", "last_only")


def compare(a: FamilyFeatures, b: FamilyFeatures, config: MatchingConfig, share: SurnameShare) -> Comparison:
    result = Comparison()
    _compare_adults(a, b, config, share, result)
    _compare_children(a, b, result)
    result.levels["phone"] = _set_level(a.phones, b.phones)
    result.levels["email"] = _set_level(a.emails, b.emails)
    result.levels["address"] = address_level(a, b)
    return result


def _compare_adults(
    a: FamilyFeatures, b: FamilyFeatures, config: MatchingConfig, share: SurnameShare, result: Comparison
) -> None:
    if not a.adults or not b.adults:
        result.levels["adult"] = "na"
        result.levels["other_adult"] = "na"
        result.levels["adult_birth"] = "na"
        return
    scored = []
    for i, x in enumerate(a.adults):
        for j, y in enumerate(b.adults):
            level = adult_level(x, y)
            adjustment = 0.0
            name_share = None
            if level in _SURNAME_LEVELS:
                name_share = share(x.last) if x.last == y.last else share(x.last) or share(y.last)
                adjustment = config.surname_adjustment(name_share)
            scored.append((config.weight("adult", level) + adjustment, i, j, level, adjustment, name_share))
    scored.sort(key=lambda s: -s[0])
    _, i, j, level, adjustment, name_share = scored[0]
    result.levels["adult"] = level
    result.adult_pair = (a.adults[i], b.adults[j])
    result.levels["adult_birth"] = birth_date_level(a.adults[i], b.adults[j])
    result.surname_adjustment = adjustment
    result.surname_share = name_share
    if len(a.adults) < 2 or len(b.adults) < 2:
        result.levels["other_adult"] = "na"
        return
    rest = [s for s in scored if s[1] != i and s[2] != j]
    other = rest[0]
    result.levels["other_adult"] = _ADULT_TO_OTHER.get(other[3], other[3])
    result.other_pair = (a.adults[other[1]], b.adults[other[2]])


def _compare_children(a: FamilyFeatures, b: FamilyFeatures, result: Comparison) -> None:
    if not a.children or not b.children:
        result.levels["children"] = "na"
        return
    used: set[int] = set()
    for x in a.children:
        best: tuple[int, ChildMatch] | None = None
        for j, y in enumerate(b.children):
            if j in used:
                continue
            found = child_match(x, y)
            if found and (best is None or (found.exact and not best[1].exact)):
                best = (j, found)
        if best:
            used.add(best[0])
            result.children.append(best[1])
    exact = sum(1 for c in result.children if c.exact)
    if exact >= 2:
        result.levels["children"] = "many"
    elif exact == 1:
        result.levels["children"] = "one"
    elif result.children:
        result.levels["children"] = "slip"
    else:
        result.levels["children"] = "none"


def _set_level(x: frozenset[str], y: frozenset[str]) -> str:
    if not x or not y:
        return "na"
    return "same" if x & y else "different"


def address_level(a: FamilyFeatures, b: FamilyFeatures) -> str:
    same_town = bool(
        (a.postal_code and a.postal_code == b.postal_code) or (a.town and a.town == b.town)
    )
    if not (a.postal_code or a.town) or not (b.postal_code or b.town):
        return "na"
    if not same_town:
        return "different"
    if a.street and b.street and JaroWinkler.normalized_similarity(a.street, b.street) >= STREET_SIMILARITY:
        return "same" if a.house_number == b.house_number else "same_street"
    return "same_town"
