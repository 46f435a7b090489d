"""Who acted, as staff decisions and imports record it (the Keycloak subject and user name)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StaffMember:
    sub: str
    username: str
