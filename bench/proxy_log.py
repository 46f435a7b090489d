"""What HAProxy's log says of the registrations of a benchmark window: the server side of a sign-up.

The proxy logs every request with its total time (`%Ta`). A registration POST
that contains a dossier check is one during which Keycloak's call to
`/api/v1/dossiers/verify` reached the proxy; comparing those POSTs with the
others gives the check's cost where the family's own connection, TLS and
the next page add no noise.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

# As deploy/haproxy/haproxy.cfg's log-format writes it.
_LINE = re.compile(
    r"\[(?P<when>\d+/\w+/\d+:\d+:\d+:\d+\.\d+)\] (?P<frontend>\S+) \S+ "
    r"-?\d+/-?\d+/-?\d+/-?\d+/(?P<total>\d+) \d+ .* (?P<method>[A-Z]+) (?P<path>\S+)$"
)
_WHEN = "%d/%b/%Y:%H:%M:%S.%f"
_REGISTRATION = "/login-actions/registration"
_CHECK = "/api/v1/dossiers/verify"


@dataclass(frozen=True)
class Request:
    started: dt.datetime
    frontend: str
    method: str
    path: str
    total_ms: int

    @property
    def ended(self) -> dt.datetime:
        return self.started + dt.timedelta(milliseconds=self.total_ms)


@dataclass(frozen=True)
class RegistrationTimes:
    with_check: list[int]
    without_check: list[int]
    checks: list[int]

    def extra_ms(self) -> float:
        """How much longer the median registration POST is with a dossier check inside it."""
        return statistics.median(self.with_check) - statistics.median(self.without_check)


def read(path: Path, since: dt.datetime, until: dt.datetime) -> list[Request]:
    requests = []
    for line in path.read_text(errors="replace").splitlines():
        match = _LINE.search(line)
        if not match:
            continue
        started = dt.datetime.strptime(match["when"], _WHEN)
        if since <= started <= until:
            requests.append(Request(started, match["frontend"], match["method"], match["path"],
                                    int(match["total"])))
    return requests


def registration_times(requests: list[Request]) -> RegistrationTimes:
    """The families' registration POSTs (public https entry) split by whether a check ran inside them."""
    checks = [r for r in requests if r.method == "POST" and r.path.startswith(_CHECK)]
    posts = [r for r in requests if r.method == "POST" and _REGISTRATION in r.path
             and r.frontend.startswith("keycloak_https")]
    with_check, without_check = [], []
    for post in posts:
        inside = any(post.started <= check.started <= post.ended for check in checks)
        (with_check if inside else without_check).append(post.total_ms)
    return RegistrationTimes(with_check, without_check, [c.total_ms for c in checks])
