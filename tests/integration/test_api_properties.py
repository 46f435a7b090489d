"""Property-based run of the whole HTTP API against its OpenAPI document (schemathesis).

Every operation the document lists is called with generated inputs — valid,
edge and hostile ones — on a real database: no answer may be a server
error, and every answer must be one the document lists, with the documented
content type and body shape. Deterministic (derandomized), so CI is stable.

It runs the real application in-process on a database of its own, so that
generated requests never land in the shared stack's queues; it sits with the
integration tests because it takes minutes, not seconds.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.db import transaction
from dossier_bridge.migrate import upgrade
from dossier_bridge.registry.csv_format import read_dossier_file
from dossier_bridge.registry.importer import import_dossiers
from dossier_bridge.web.context import services

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-dossiers.csv"
SECRET = "property-test-secret"
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)


def _app(tmp: Path):
    url = f"sqlite:///{tmp / 'api-properties.sqlite3'}"
    upgrade(url)
    app = create_app(Settings.from_env({
        "BRIDGE_DATABASE_URL": url, "BRIDGE_API_SECRET": SECRET,
        # Generated checks would spend the budgets at once; 429 has its own example in test_openapi.
        "BRIDGE_VERIFY_LIMIT_PER_NUMBER": "100000 per hour", "BRIDGE_VERIFY_LIMIT_PER_ADDRESS": "100000 per hour",
        "BRIDGE_VERIFY_LIMIT_OVERALL": "100000 per hour",
    }))
    with transaction(services(app).sessions) as session:
        import_dossiers(session, read_dossier_file(SAMPLE))
    return app


def _staff_cookie(app) -> str:
    """The cookie of a signed-in agent, as the bridge's own session interface signs it."""
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"staff": {"sub": "s1", "username": "agent.prop", "name": "Agent", "roles": ["agent-famille"],
                                        "seen": time.time()}})
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


# Built when the module is collected: schemathesis needs the schema to generate the tests.
_APP = _app(Path(tempfile.mkdtemp(prefix="api-properties-")))
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_no_server_error_and_no_answer_outside_the_document(case):
    headers = {"Authorization": f"Bearer {SECRET}", "Cookie": _staff_cookie(_APP)}
    case.call_and_validate(headers=headers, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_without_credentials_every_answer_is_documented_too(case):
    case.call_and_validate(headers={}, checks=CHECKS)
