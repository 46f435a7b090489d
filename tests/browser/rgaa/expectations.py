"""What the checks expect of the portal's fields, and when a criterion applies to a page.

A new form field anywhere in the sample must be classified here: either it
holds the user's own data (and gets its WCAG 1.3.5 purpose) or it does not.
"""

from __future__ import annotations

import re

# RGAA 11.13 / WCAG 1.3.5: the purpose of each field that holds the user's own data, by field name.
PURPOSES = {
    "username": "username",
    "password": "current-password",
    "password-new": "new-password",
    "password-confirm": "new-password",
    "firstName": "given-name",
    "lastName": "family-name",
    "email": "email",
    # A one-line field: street-address is for a multi-line one (textarea).
    "address": "address-line1",
    "postalCode": "postal-code",
    "town": "address-level2",
    "phone": "tel",
}
# The same name means another purpose on some pages (a password being chosen, not typed).
PAGE_PURPOSES = {
    "inscription": {"password": "new-password"},
    "inscription-erreurs": {"password": "new-password"},
    "inscription-defi": {"password": "new-password"},
}
# Fields that do not hold the user's own data: someone else's (second parent, children), a
# number the city gave, staff work. Any other field must be classified in PURPOSES or here.
NOT_USER_DATA = re.compile(
    r"^(dossierNumber|parent2\w+|child\d+\w+|q|statut|message|title|news_date|summary|link_url|published"
    r"|rememberMe|logout-sessions|termsAccepted|csrf_token|version|dossier_number|kc-attempted-username"
    r"|comment|reason|answer|fichier|altcha-checkbox-\w+)$"
)

# RGAA 11.10: the rule or format a field must follow, announced before the first submit
# (its accessible description), in French or English.
FORMAT_HINTS = {
    "password": re.compile(r"12 (caractères|characters)", re.I),
    "password-new": re.compile(r"12 (caractères|characters)", re.I),
    "email": re.compile(r"(exemple|example)", re.I),
    "username": re.compile(r"(caractères|characters)", re.I),
    "dossierNumber": re.compile(r"(chiffres|digits)", re.I),
    "postalCode": re.compile(r"5 (chiffres|digits)", re.I),
    "phone": re.compile(r"(exemple|example)", re.I),
    "parent2Email": re.compile(r"(exemple|example)", re.I),
    "parent2Phone": re.compile(r"(exemple|example)", re.I),
    "link_url": re.compile(r"https?://", re.I),
}
# Child fields are numbered (child0BirthDate, child1BirthDate...).
FORMAT_HINT_PATTERNS = (
    (re.compile(r"^child\d+BirthDate$"), re.compile(r"(JJ/MM/AAAA|DD/MM/YYYY)")),
)
# A login page: the rules of a password being typed (not chosen) are not repeated there.
NO_RULE_PAGES = {"connexion", "connexion-erreur", "mot-de-passe-oublie", "franceconnect-mot-de-passe"}


def format_hint(page: str, name: str) -> re.Pattern | None:
    if page in NO_RULE_PAGES and name in ("password", "username"):
        return None
    if name in FORMAT_HINTS:
        return FORMAT_HINTS[name]
    for field, hint in FORMAT_HINT_PATTERNS:
        if field.match(name):
            return hint
    return None


# When a criterion applies (RGAA "non applicable" otherwise), from the page's inventory
# (js/inventory.js). STRICT: NA exactly when the content is absent. PRESENT: the content
# makes the criterion applicable; its absence is not enough to say NA (the grid says why).
STRICT = {
    "image": ("1.2",),
    "informative_image": ("1.1", "1.3"),
    "figure": ("1.9",),
    "frame": ("2.1", "2.2"),
    "media": tuple(f"4.{n}" for n in range(1, 14)),
    "complex_table": ("5.1", "5.2"),
    "layout_table": ("5.3", "5.8"),
    "data_table": ("5.4", "5.5", "5.6", "5.7"),
    "link": ("6.1", "6.2"),
    "script_alternative": ("7.2",),
    "right_to_left": ("8.10",),
    "list": ("9.3",),
    "quotation": ("9.4",),
    "form_field": ("11.1", "11.2", "11.3", "11.4", "11.5"),
    "field_group": ("11.6", "11.7"),
    "option_list": ("11.8",),
    "button": ("11.9",),
    "new_window": ("13.2",),
    "office_document": ("13.3", "13.4"),
}
PRESENT = {
    "informative_image": ("1.6", "1.8"),
    "scripted_control": ("7.1", "7.3"),
    "status_message": ("7.5",),
    "other_language": ("8.7", "8.8"),
    "link_in_text": ("10.6",),
    "hover_content": ("10.13", "12.11"),
    "shortcut": ("12.10",),
    "refresh": ("13.1",),
}
