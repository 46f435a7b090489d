"""Test accounts made through the admin API, unique per test run."""

from __future__ import annotations

import uuid

from devstack.bootstrap import STAFF_GROUP, ensure_user

PASSWORD = "Famille-Test-2026!"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def make_family_user(kc_admin, prefix: str = "famille", attributes: dict | None = None) -> tuple[str, str, str]:
    """A verified, enabled family account; returns (username, password, user id)."""
    username = unique(prefix)
    user_id = ensure_user(
        kc_admin, username, PASSWORD, email=f"{username}@example.org", first_name="Camille",
        last_name="Testeur", attributes=attributes,
    )
    return username, PASSWORD, user_id


def make_staff_user(kc_admin, prefix: str = "agent") -> tuple[str, str, str]:
    """A member of staff (in the `agents-famille` group, which carries the role); returns (username, password, user id)."""
    username = unique(prefix)
    user_id = ensure_user(kc_admin, username, PASSWORD, email=f"{username}@ville-chartres.example",
                          first_name="Agent", last_name="Test", groups=(STAFF_GROUP,))
    return username, PASSWORD, user_id
