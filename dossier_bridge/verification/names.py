"""Does the name a family typed designate one of the dossier's responsible adults?

Families write their own names their own way: "Lefèvre" for LEFEVRE, "Martin
Dupont" for MARTIN-DUPONT, "de la Fontaine" for DE LA FONTAINE, or only one
half of a double surname. Those agree; another name does not.
"""

from __future__ import annotations

from typing import Iterable, Protocol

from dossier_bridge.names import PARTICLES, fold_compact, name_tokens


class NamedPerson(Protocol):
    last_name: str
    first_name: str


def _significant_tokens(name: str) -> set[str]:
    return {t for t in name_tokens(name) if t not in PARTICLES}


def last_names_agree(typed: str, registered: str) -> bool:
    if fold_compact(typed) and fold_compact(typed) == fold_compact(registered):
        return True
    typed_tokens, registered_tokens = _significant_tokens(typed), _significant_tokens(registered)
    if not typed_tokens or not registered_tokens:
        return False
    # One half of a double name, or the particles dropped ("Fontaine" for DE LA FONTAINE).
    return typed_tokens <= registered_tokens or registered_tokens <= typed_tokens


def first_names_agree(typed: str, registered: str) -> bool:
    if fold_compact(typed) and fold_compact(typed) == fold_compact(registered):
        return True
    typed_tokens, registered_tokens = name_tokens(typed), name_tokens(registered)
    # "Marie" for "Marie-Hélène": the first given name is the one people use.
    return bool(typed_tokens) and bool(registered_tokens) and typed_tokens[0] == registered_tokens[0]


def find_responsable(last_name: str, first_name: str, candidates: Iterable[NamedPerson]) -> NamedPerson | None:
    """The candidate the typed name designates; every candidate is compared, match or not."""
    found = None
    for person in candidates:
        # No early exit: the work done does not depend on where (or whether) the match is.
        agrees = last_names_agree(last_name, person.last_name) & first_names_agree(first_name, person.first_name)
        if agrees and found is None:
            found = person
    return found
