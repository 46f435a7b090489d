"""The bridge's access log keeps no query string and no referrer: a staff search names a family."""

from __future__ import annotations

import re
from pathlib import Path

from dossier_bridge import gunicorn_conf

ROOT = Path(__file__).resolve().parents[2]


def test_the_access_log_format_has_the_path_and_never_the_query_string_or_the_referrer():
    # %(r)s is the request line with its query string, %(q)s the query, %(f)s the referrer.
    assert not re.search(r"%\((r|q|f|a)\)s", gunicorn_conf.access_log_format)
    assert "%(U)s" in gunicorn_conf.access_log_format and "%(s)s" in gunicorn_conf.access_log_format


def test_every_start_path_of_the_bridge_uses_that_format():
    for start in (ROOT / "devstack" / "services.py", ROOT / "deploy" / "bridge.Dockerfile"):
        text = start.read_text(encoding="utf-8")
        assert "python:dossier_bridge.gunicorn_conf" in text and "--access-logfile" not in text, start
