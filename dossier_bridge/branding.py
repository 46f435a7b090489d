"""The city's branding, from the environment (Chartres by default).

The same variables configure the Keycloak theme (``themes/portail-famille/*/theme.properties``
reads them as ``${env.NAME:default}``), so one setting changes the login
pages, the e-mails and the bridge's pages alike; no template names the city.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Mapping

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Branding":
        env = os.environ if env is None else env
        default = cls()

        def pick(name: str, fallback: str) -> str:
            return (env.get(name) or "").strip() or fallback

        def colour(name: str, fallback: str) -> str:
            value = pick(name, fallback)
            # Only a hex colour reaches the page's style sheet.
            return value if _COLOUR.match(value) else fallback

        return cls(
            portal_name=pick("PORTAIL_NAME", default.portal_name),
            city_name=pick("PORTAIL_CITY_NAME", default.city_name),
            logo_url=pick("PORTAIL_LOGO_URL", ""),
            color_primary=colour("PORTAIL_COLOR_PRIMARY", default.color_primary),
            color_accent=colour("PORTAIL_COLOR_ACCENT", default.color_accent),
            contact_name=pick("PORTAIL_CONTACT_NAME", default.contact_name),
            contact_address=pick("PORTAIL_CONTACT_ADDRESS", default.contact_address),
            contact_phone=pick("PORTAIL_CONTACT_PHONE", default.contact_phone),
            contact_email=pick("PORTAIL_CONTACT_EMAIL", default.contact_email),
        )

    @property
    def phone_href(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.contact_phone)
