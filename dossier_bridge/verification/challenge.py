"""A proof of work that lets a person past the budgets anyone can spend for a family.

After five wrong names on a number, that number is closed for a while to
everybody, the right family included: anyone could block a family's
sign-up. So once a per-number or the overall budget is spent, the answer
carries a challenge from ALTCHA (self-hosted, no third party, no cookie):
the family's browser solves it in a second or two, and the solved challenge
lets that one check through. A client solving thousands of them pays for
each, and the budget of its own network still holds.

Challenges are signed with a key derived from the bridge's API secret (no
new secret to manage), expire after ten minutes and are accepted once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time

import altcha

ALGORITHM = "PBKDF2/SHA-256"
LIFETIME = dt.timedelta(minutes=10)
# Work the browser does: about a second on a phone, a few tenths in Python.
DEFAULT_COST = 5000


class ChallengeIssuer:
    def __init__(self, api_secret: str, spend_once, cost: int = DEFAULT_COST):
        """`spend_once(key) -> bool` is True the first time a key is seen (shared by all bridge processes)."""
        self._key = hmac.new(api_secret.encode(), b"altcha-challenge", hashlib.sha256).hexdigest()
        self._spend_once = spend_once
        self._cost = cost

    def issue(self) -> dict:
        expires = int(time.time() + LIFETIME.total_seconds())
        return altcha.create_challenge(ALGORITHM, self._cost, expires_at=expires, hmac_secret=self._key).to_dict()

    def redeem(self, payload: str | None) -> bool:
        """True for a correct, unexpired solution seen for the first time."""
        if not payload or len(payload) > 4096:
            return False
        try:
            result = altcha.verify_solution(payload, self._key)
        except (ValueError, KeyError, TypeError):
            return False
        if not result.verified:
            return False
        signature = altcha.Payload.from_base64(payload).challenge.signature
        return self._spend_once(signature)
