"""Time limits (RGAA 13.1): what the warnings announce is the limit the servers apply."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_sign_in_pages_warn_before_the_realm_s_shorter_login_timeout():
    """js/form-time.js warns before pfFormTimeoutSeconds: it must be the realm's shorter sign-in limit."""
    realm = json.loads((ROOT / "realm-export.json").read_text(encoding="utf-8"))
    properties = (ROOT / "themes" / "portail-famille" / "login" / "theme.properties").read_text(encoding="utf-8")
    default = int(re.search(r"^pfFormTimeoutSeconds=\$\{env\.PORTAIL_FORM_TIMEOUT_SECONDS:(\d+)\}$", properties, re.M).group(1))
    assert default == min(realm["accessCodeLifespanLogin"], realm["accessCodeLifespanUserAction"])
    # Long enough to fill in the family information form; the warning comes 2 minutes before.
    assert default >= 20 * 60
