"""Match weight, probability and reasons in French for one pair of families."""

from __future__ import annotations

from dataclasses import dataclass

from dossier_bridge.matching.compare import Comparison, SurnameShare, compare
from dossier_bridge.matching.features import FamilyFeatures, PersonFeatures
from dossier_bridge.firstnames import born_word
from dossier_bridge.matching.weights import MatchingConfig

# Above this share of dossiers a surname is called "fréquent" to staff.
COMMON_SURNAME_SHARE = 0.005


@dataclass(frozen=True)
class PairScore:
    score: float
    weight: float
    levels: dict[str, str]
    comparison: Comparison

    def reasons(self) -> list[str]:
        return reasons(self.comparison)


def match_weight(comparison: Comparison, config: MatchingConfig) -> float:
    total = sum(config.weight(feature, level) for feature, level in comparison.levels.items())
    return total + comparison.surname_adjustment


def score_pair(
    a: FamilyFeatures, b: FamilyFeatures, config: MatchingConfig, share: SurnameShare, prior_log2_odds: float
) -> PairScore:
    comparison = compare(a, b, config, share)
    weight = match_weight(comparison, config)
    return PairScore(config.probability(weight, prior_log2_odds), weight, comparison.levels, comparison)


def _full_name(person: PersonFeatures) -> str:
    return f"{person.first_raw} {person.last_raw}".strip()


def _date(person: PersonFeatures) -> str:
    return person.birth_date.strftime("%d/%m/%Y") if person.birth_date else "?"


def reasons(comparison: Comparison) -> list[str]:
    """What staff read beside a candidate: strongest evidence first."""
    levels = comparison.levels
    found: list[str] = []
    for child in comparison.children:
        if child.exact:
            found.append(f"même enfant : {child.b.first_raw}, {born_word(child.b.first_raw)} le {_date(child.b)}")
        else:
            found.append(
                f"enfant proche : {child.a.first_raw}, {born_word(child.a.first_raw)} le {_date(child.a)} / "
                f"{child.b.first_raw}, le {_date(child.b)}"
            )
    if levels.get("phone") == "same":
        found.append("même téléphone")
    if levels.get("email") == "same":
        found.append("même e-mail")
    found.extend(_adult_reasons(comparison))
    address = levels.get("address")
    found.extend(
        {
            "same": ["même adresse"],
            "same_street": ["même rue, autre numéro"],
            "same_town": ["même commune, autre adresse"],
            "different": ["adresse différente (déménagement ?)"],
        }.get(address or "", [])
    )
    if levels.get("children") == "none":
        found.append("enfants différents")
    return found


def _adult_reasons(comparison: Comparison) -> list[str]:
    found: list[str] = []
    level = comparison.levels.get("adult")
    if comparison.adult_pair and level:
        x, y = comparison.adult_pair
        common = (comparison.surname_share or 0) >= COMMON_SURNAME_SHARE
        if level == "same":
            found.append(f"même responsable : {_full_name(y)}")
            if x.last_raw != y.last_raw:
                found.append(f"nom proche : {x.last_raw} / {y.last_raw}")
        elif level == "close":
            if x.last != y.last:
                found.append(f"nom proche : {x.last_raw} / {y.last_raw}")
            else:
                found.append(f"même nom : {y.last_raw}")
            if x.first != y.first:
                found.append(f"prénom proche : {x.first_raw} / {y.first_raw}")
        elif level == "swapped":
            found.append(f"nom et prénom inversés : {x.last_raw} {x.first_raw} / {y.last_raw} {y.first_raw}")
        elif level == "first_only":
            found.append(f"même prénom, autre nom (nom d'usage ?) : {_full_name(x)} / {_full_name(y)}")
        elif level == "last_only":
            found.append(f"même nom : {y.last_raw}")
        if common and level in ("same", "last_only"):
            found.append(f"nom très fréquent : {y.last_raw}")
    if comparison.adult_pair and comparison.levels.get("adult_birth") == "same":
        found.append(f"même date de naissance du responsable : {_date(comparison.adult_pair[1])}")
    if comparison.other_pair and comparison.levels.get("other_adult") == "match":
        found.append(f"même second responsable : {_full_name(comparison.other_pair[1])}")
    elif comparison.other_pair and comparison.levels.get("other_adult") == "first_only":
        x, y = comparison.other_pair
        found.append(f"même prénom, autre nom (nom d'usage ?) : {_full_name(x)} / {_full_name(y)}")
    return found
