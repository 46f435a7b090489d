"""Database errors end up in logs: they must not quote the names, e-mails or numbers of a statement."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.logs import PrivacyFormatter, scrub
from dossier_bridge.models import Dossier


def _duplicate_error(database_url) -> IntegrityError:
    sessions = make_session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        session.add(Dossier(number="4242", source="import"))
    with pytest.raises(IntegrityError) as raised:
        with transaction(sessions) as session:
            session.add(Dossier(number="4242", source="c@lefevre.fr"))
    return raised.value


def test_a_database_error_as_logged_does_not_quote_the_values(database_url):
    error = _duplicate_error(database_url)
    record = logging.LogRecord("dossier_bridge.web.errors", logging.ERROR, __file__, 1, "unhandled error", None,
                               (type(error), error, error.__traceback__))
    logged = PrivacyFormatter("%(message)s").format(record)
    assert "IntegrityError" in logged  # the operator still learns what failed
    assert "c@lefevre.fr" not in logged and "4242" not in logged


def test_postgresql_details_are_scrubbed():
    text = 'duplicate key value violates unique constraint "uq"\nDETAIL:  Key (email)=(camille@example.org) already exists.'
    assert "camille@example.org" not in scrub(text)
    assert "Key (email)=(…)" in scrub("Key (email)=(camille@example.org) already exists")
