"""Database errors end up in logs: they must not quote the names and e-mails of a statement."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.models import Dossier


def test_a_database_error_does_not_quote_the_values(database_url):
    sessions = make_session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        session.add(Dossier(number="4242", source="import"))
    with pytest.raises(IntegrityError) as raised:
        with transaction(sessions) as session:
            session.add(Dossier(number="4242", source="c@lefevre.fr"))
    assert "c@lefevre.fr" not in str(raised.value)
    assert "4242" not in str(raised.value)
