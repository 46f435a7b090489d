"""Reading HAProxy's log of a benchmark window (bench/proxy_log.py)."""

from __future__ import annotations

import datetime as dt

from bench import proxy_log

LOG = """\
127.1.1.2:4911 [30/Nov/2026:05:07:40.547] keycloak_https~ keycloak_forms/kc2 0/0/0/40/40 302 614 --VN 7/3/0/0/0 0/0 POST /realms/portail-famille/login-actions/registration
127.0.0.1:38848 [30/Nov/2026:05:07:40.760] bridge_internal bridge/bridge2 0/0/0/8/8 200 738 ---- 7/2/0/0/0 0/0 POST /api/v1/dossiers/verify
127.1.1.3:4064 [30/Nov/2026:05:07:40.755] keycloak_https~ keycloak_forms/kc1 0/0/0/69/69 302 614 --VN 7/3/0/0/0 0/0 POST /realms/portail-famille/login-actions/registration
127.1.1.3:4064 [30/Nov/2026:05:07:40.830] keycloak_https~ keycloak/kc1 0/0/0/90/90 200 5120 --VN 7/3/0/0/0 0/0 GET /realms/portail-famille/login-actions/required-action
127.1.1.4:4065 [30/Nov/2026:05:07:41.000] keycloak_https~ keycloak_forms/kc1 0/0/0/55/55 302 614 --VN 7/3/0/0/0 0/0 POST /realms/portail-famille/login-actions/registration
127.0.0.1:41094 [30/Nov/2026:05:07:52.135] keycloak_internal keycloak/kc1 0/0/0/5/6 200 54458 --NI 2/2/0/0/0 0/0 GET /admin/realms/portail-famille/events
a line that is not HAProxy's
"""


def test_registrations_are_split_by_the_check_that_ran_inside_them(tmp_path):
    path = tmp_path / "proxy.log"
    path.write_text(LOG)
    requests = proxy_log.read(path, dt.datetime(2026, 11, 30, 5, 7), dt.datetime(2026, 11, 30, 5, 8))
    assert len(requests) == 6
    times = proxy_log.registration_times(requests)
    assert times.with_check == [69]
    assert sorted(times.without_check) == [40, 55]
    assert times.checks == [8]
    assert times.extra_ms() == 69 - 47.5


def test_only_the_window_is_read(tmp_path):
    path = tmp_path / "proxy.log"
    path.write_text(LOG)
    requests = proxy_log.read(path, dt.datetime(2026, 11, 30, 5, 7, 40, 800000), dt.datetime(2026, 11, 30, 5, 7, 45))
    assert [r.total_ms for r in requests] == [90, 55]
