"""French phonetic code for blocking.

A compact rewrite-rule code in the spirit of Soundex FR / Phonex: French
spellings of one sound get one code ("Lefèvre", "LEFEBVRE" → "lefevr";
"Gauthier", "Gautier" → "gotie"; "Mathieu", "Matthieu" → "matiE"). It
only brings candidates together: the scoring compares the names themselves.

Why not a packaged encoder: the MIT ``phonetic_fr`` package gives the same
kind of codes but runs 130 regular expressions per word (~0.6 ms); a
registry of 100k dossiers holds ~40k distinct names, which alone would take
most of the 60 s budget of ``find-duplicates``. These rules are compiled
once and cost a few microseconds per word.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Applied in order to a folded (lower-case ASCII) word. Upper-case letters
# are already-coded sounds, safe from the later rules.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in (
        (r"[^a-z]", ""),
        (r"^h", ""),
        (r"(?<=[aeiou])h", ""),
        (r"ph", "f"),
        (r"ch(?=[lr])", "K"),
        (r"sch|sh|ch", "C"),
        (r"h", ""),
        (r"gu(?=[eiy])", "g"),
        (r"qu|q|ck|k", "K"),
        (r"c(?=[eiy])", "s"),
        (r"c", "K"),
        (r"g(?=[eiy])", "j"),
        (r"gn", "N"),
        (r"w", "v"),
        (r"y", "i"),
        (r"z", "s"),
        (r"(?<=[aeiou])s(?=[aeiou])", "z"),
        (r"tion", "sion"),
        (r"x$", ""),
        (r"x", "Ks"),
        (r"([a-z])\1+", r"\1"),
        (r"bv", "v"),
        (r"eau|au", "O"),
        (r"oeu|eu", "E"),
        (r"ou", "U"),
        (r"oi", "Va"),
        (r"o", "O"),
        (r"(?:ai|ei)(?=n(?![aeiou]))", "I"),  # "ain", "ein": nasal in
        (r"ai|ei|et$", "e"),
        (r"[ae][nm](?![aeiouAEIOU])", "A"),  # an, am, en, em before a consonant or at the end
        (r"(?:in|im|un|um)(?![aeiouAEIOU])", "I"),
        (r"O[nm](?![aeiouAEIOU])", "Q"),
        (r"(?<=.)[tdspx]$", ""),  # silent final consonants
        (r"(?<=.)er$", "e"),
        (r"(?<=.)e$", ""),
    )
]
_CODES = str.maketrans({"C": "c", "K": "k", "N": "n", "O": "o", "U": "u", "V": "v", "I": "1", "A": "2", "Q": "3", "E": "e"})


@lru_cache(maxsize=200_000)
def phonetic_code(word: str) -> str:
    """Code of one folded word (lower-case ASCII); empty for an empty word."""
    code = word
    for pattern, replacement in _RULES:
        code = pattern.sub(replacement, code)
    code = re.sub(r"(.)\1+", r"\1", code.translate(_CODES))
    return code or word[:1]
