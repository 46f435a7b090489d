"""Folding of French names and free text for comparison.

A family types "Lefèvre" where the billing system printed "LEFEVRE", or
"Martin Dupont" for "MARTIN-DUPONT": folding removes those differences
(case, accents, ligatures, hyphens, apostrophes, repeated spaces) and
nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’‘`´.,_]+")

# Particles that families drop or keep at will: "de la Fontaine" / "Lafontaine"
# are handled by comparing without them as well as with them.
PARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "van", "von", "der", "den"})


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=300_000)
def fold(text: str | None) -> str:
    """Lower-case ASCII words separated by single spaces."""
    if not text:
        return ""
    # Cached: a register repeats the same names and towns thousands of times.
    plain = strip_accents(text).casefold()
    return _SEPARATORS.sub(" ", plain).strip()


def name_tokens(text: str | None) -> list[str]:
    return fold(text).split()


def fold_compact(text: str | None) -> str:
    """Folded and without any separator: "Martin-Dupont" and "MARTIN DUPONT" agree."""
    return fold(text).replace(" ", "")


def fold_without_particles(text: str | None) -> str:
    tokens = [t for t in name_tokens(text) if t not in PARTICLES]
    return "".join(tokens) if tokens else fold_compact(text)
