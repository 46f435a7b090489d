"""French phonetic code for blocking.

Wraps ``phonetic_fr`` (Édouard Bergé's "Soundex FR", MIT licence): "Lefèvre"
and "LEFEVRE", "Gauthier" and "Gautier", "Mathieu" and "Matthieu" share a
code. It only brings candidates together: the scoring compares the names
themselves, so two names that merely sound alike are not taken as equal.
"""

from __future__ import annotations

from functools import lru_cache

from phonetic_fr import phonetic

from dossier_bridge.names import strip_accents


@lru_cache(maxsize=200_000)
def phonetic_code(word: str) -> str:
    """Code of one folded word; empty for an empty word."""
    if not word:
        return ""
    # phonetic_fr keeps only letters and knows accents, but not ligatures.
    code = phonetic(strip_accents(word))
    return code or word.upper()
