"""Does the name a family typed designate one of the dossier's responsible adults?

Families write their own names their own way: "Lefèvre" for LEFEVRE, "Martin
Dupont" for MARTIN-DUPONT, "de la Fontaine" for DE LA FONTAINE, only one half
of a double surname, or their registered name followed by a usage name
("Lefèvre Martin"). Those agree; another name does not, and neither does a
list of surnames: one sign-up attempt must test one name, not dozens.
"""

from __future__ import annotations

from dossier_bridge.names import PARTICLES, fold, fold_compact, name_tokens

# A usage or married name adds one word to the registered surname; a longer
# typed name is a list of guesses, refused like any other mismatch.
MAX_EXTRA_SURNAME_WORDS = 1
# Bounds of what a family types as a surname or first name (folded characters, words).
MAX_TYPED_NAME_LENGTH = 60
MAX_TYPED_NAME_WORDS = 5


def _significant_tokens(name: str) -> set[str]:
    return {t for t in name_tokens(name) if t not in PARTICLES}


def plausible_typed_name(typed: str) -> bool:
    """A name as a person types it: bounded in length and in words."""
    folded = fold(typed)
    return 0 < len(folded) <= MAX_TYPED_NAME_LENGTH and len(folded.split()) <= MAX_TYPED_NAME_WORDS


def last_names_agree(typed: str, registered: str) -> bool:
    if not plausible_typed_name(typed):
        return False
    if fold_compact(typed) == fold_compact(registered):
        return True
    typed_tokens, registered_tokens = _significant_tokens(typed), _significant_tokens(registered)
    if not typed_tokens or not registered_tokens:
        return False
    # One half of a double name, or the particles dropped ("Fontaine" for DE LA FONTAINE).
    if typed_tokens <= registered_tokens:
        return True
    # The registered name with a usage name added ("Lefèvre Martin" for LEFEVRE).
    return registered_tokens <= typed_tokens and len(typed_tokens - registered_tokens) <= MAX_EXTRA_SURNAME_WORDS


def first_names_agree(typed: str, registered: str) -> bool:
    if not plausible_typed_name(typed):
        return False
    if fold_compact(typed) == fold_compact(registered):
        return True
    typed_tokens, registered_tokens = name_tokens(typed), name_tokens(registered)
    # "Marie" for "Marie-Hélène": the first given name is the one people use.
    return bool(typed_tokens) and bool(registered_tokens) and typed_tokens[0] == registered_tokens[0]
