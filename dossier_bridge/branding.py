"""The city's branding (Chartres by default), as ``config.py`` reads it from the environment.

The same variables configure the Keycloak theme (``themes/portail-famille/*/theme.properties``
reads them as ``${env.NAME:default}``), so one setting changes the login
pages, the e-mails and the bridge's pages alike; no template names the city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Branding:
    portal_name: str = "Portail Famille"
    city_name: str = "Ville de Chartres"
    logo_url: str = ""
    color_primary: str = "#14325c"
    color_accent: str = "#c8102e"
    contact_name: str = "Direction de l'Éducation – Guichet unique"
    contact_address: str = "Place des Halles, 28000 Chartres"
    contact_phone: str = "02 37 23 40 00"
    contact_email: str = "portail-famille@ville-chartres.example"
    # The city's multi-year accessibility plan and this year's action plan, which the
    # accessibility statement must link to (empty: the statement says to ask for them).
    accessibility_plan_url: str = ""
    accessibility_action_plan_url: str = ""

    @property
    def phone_href(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.contact_phone)
