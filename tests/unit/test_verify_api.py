"""The dossier check API on a real database: answers, rate limits, audit, links."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import altcha
import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.db import transaction
from dossier_bridge.models import AccountLink, LinkStatus, VerificationAttempt
from dossier_bridge.registry.csv_format import read_dossier_file
from dossier_bridge.registry.importer import import_dossiers
from dossier_bridge.verification import service
from dossier_bridge.web.context import services

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-dossiers.csv"
SECRET = "unit-test-secret"
AUTH = {"Authorization": f"Bearer {SECRET}"}


@pytest.fixture
def app(database_url):
    settings = Settings.from_env({
        "BRIDGE_DATABASE_URL": database_url,
        "BRIDGE_API_SECRET": SECRET,
        "BRIDGE_VERIFY_LIMIT_PER_NUMBER": "3 per 15 minutes",
        "BRIDGE_VERIFY_LIMIT_PER_ADDRESS": "5 per 15 minutes",
        "BRIDGE_CHALLENGE_COST": "50",  # the proof of work as cheap as it gets: these tests are about the rules
    })
    app = create_app(settings)
    with transaction(services(app).sessions) as session:
        import_dossiers(session, read_dossier_file(SAMPLE))
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def check(client, number="104233", last="Lefèvre", first="Camille", ip="198.51.100.7", email="c@example.org"):
    return client.post("/api/v1/dossiers/verify", headers=AUTH, json={
        "dossier_number": number, "last_name": last, "first_name": first, "email": email, "client_ip": ip,
    })


def test_calls_without_the_secret_are_refused(client):
    answer = client.post("/api/v1/dossiers/verify", json={"dossier_number": "104233"})
    assert answer.status_code == 401
    answer = client.post("/api/v1/dossiers/verify", headers={"Authorization": "Bearer wrong"}, json={})
    assert answer.status_code == 401


def test_a_responsible_adult_matches_with_a_claim(client):
    answer = check(client, number=" 104 233 ")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["result"] == "match" and body["dossier_number"] == "104233" and body["claim"]


def test_unknown_number_and_wrong_name_are_indistinguishable(client):
    unknown = check(client, number="999999")
    wrong_name = check(client, number="104233", last="Durand")
    child_name = check(client, number="104233", first="Léa")  # a child is not a responsible adult
    assert unknown.status_code == wrong_name.status_code == child_name.status_code == 200
    assert unknown.data == wrong_name.data == child_name.data == b'{"result":"no_match"}\n'
    assert unknown.headers.get("Content-Length") == wrong_name.headers.get("Content-Length")


def test_failures_per_number_are_limited_with_429(client):
    for _ in range(3):
        assert check(client, number="104235", last="Inconnu", ip="198.51.100.1").get_json()["result"] == "no_match"
    limited = check(client, number="104235", last="Martin", first="Nicolas", ip="198.51.100.2")
    assert limited.status_code == 429 and limited.get_json()["result"] == "rate_limited"
    # Another dossier is not affected.
    assert check(client, number="104233", ip="198.51.100.3").get_json()["result"] == "match"


def test_failures_per_address_are_limited_with_429(client):
    for number in ("900001", "900002", "900003", "900004", "900005"):
        check(client, number=number, ip="203.0.113.50")
    assert check(client, number="104233", ip="203.0.113.50").status_code == 429
    assert check(client, number="104233", ip="203.0.113.51").status_code == 200


def test_a_family_that_types_its_name_right_needs_one_attempt(client):
    # Every check is counted before the work is done, successes included: one is enough.
    results = [check(client, ip="198.51.100.9").status_code for _ in range(4)]
    assert results == [200, 200, 200, 429]


def test_malformed_number_is_a_format_error_not_a_failure(client):
    assert check(client, number="12AB").get_json() == {"result": "invalid_format"}


def audit_rows(app, client_ip: str) -> list[VerificationAttempt]:
    with services(app).sessions() as session:
        return list(session.scalars(select(VerificationAttempt).where(VerificationAttempt.client_ip == client_ip)))


def test_every_attempt_is_audited_without_the_body(app, client):
    check(client, number="999999", last="X", ip="192.0.2.4").close()
    [attempt] = audit_rows(app, "192.0.2.4")
    assert (attempt.dossier_number, attempt.result, attempt.email) == ("999999", "no_match", "c@example.org")
    assert not hasattr(attempt, "last_name")


def test_the_answer_is_sent_before_the_audit_row_is_written(app, client):
    # Keycloak (and the family behind it) has its answer while the row is still to be written;
    # the server writes it once the answer is out, as gunicorn closes the response.
    answer = check(client, number="999999", last="X", ip="192.0.2.5")
    assert answer.get_json() == {"result": "no_match"}
    assert audit_rows(app, "192.0.2.5") == []
    answer.close()
    assert [row.result for row in audit_rows(app, "192.0.2.5")] == ["no_match"]


def test_a_refused_check_is_audited_too(app, client):
    for _ in range(4):
        check(client, number="999999", last="X", ip="192.0.2.6").close()
    assert [row.result for row in audit_rows(app, "192.0.2.6")] == ["no_match"] * 3 + ["rate_limited"]


def test_an_audit_row_that_cannot_be_written_is_logged_for_operators(app, client, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, ConnectionError("server closed the connection"))

    monkeypatch.setattr(service, "record_attempt", broken)
    answer = check(client, number="999999", last="X", ip="192.0.2.8")
    assert answer.get_json() == {"result": "no_match"}
    answer.close()  # no exception escapes to the server after the answer
    assert "audit row of a dossier check was not written" in caplog.text


def link(client, claim, user_id):
    return client.post("/api/v1/dossiers/links", headers=AUTH, json={"claim": claim, "keycloak_user_id": user_id, "email": "x@example.org"})


def test_both_parents_link_their_own_account_and_nobody_else(app, client):
    camille = check(client, first="Camille").get_json()["claim"]
    thomas = check(client, first="Thomas").get_json()["claim"]
    assert link(client, camille, "user-camille").status_code == 201
    assert link(client, thomas, "user-thomas").status_code == 201
    # Camille's place is taken: a second account for her is refused at the check and at the link.
    assert check(client, first="Camille", ip="198.51.100.77").get_json() == {"result": "already_linked"}
    services(app).verify_limiter.reset()  # four checks of one number: past this test's limit of 3
    again = check(client, first="Camille").get_json()
    assert again["result"] == "already_linked"
    assert link(client, camille, "user-intruder").status_code == 409
    listed = client.get("/api/v1/dossiers/104233/links", headers=AUTH).get_json()["links"]
    assert [(l["keycloak_user_id"], l["person"]["first_name"], l["status"]) for l in listed] == [
        ("user-camille", "Camille", "pending_activation"), ("user-thomas", "Thomas", "pending_activation"),
    ]


def test_a_retried_link_call_is_idempotent(client):
    claim = check(client).get_json()["claim"]
    assert link(client, claim, "user-1").status_code == 201
    assert link(client, claim, "user-1").status_code == 201
    assert len(client.get("/api/v1/dossiers/104233/links", headers=AUTH).get_json()["links"]) == 1


def test_a_forged_claim_is_refused(client):
    assert link(client, "forged.claim.value", "user-1").status_code == 400


def test_openapi_document_describes_the_contract(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/dossiers/verify" in spec["paths"]
    schema = spec["components"]["schemas"]["VerifyRequest"]
    # The design's fixed fields, required as it says; the rest optional additions (a solved challenge,
    # an identity provider's evidence).
    assert set(schema["properties"]) == {"dossier_number", "last_name", "first_name", "email", "client_ip",
                                         "challenge_solution", "usage_name", "birth_date", "identity_source"}
    assert set(schema["required"]) == {"dossier_number", "last_name", "first_name"}


def _concurrently(count: int, call) -> list:
    barrier = threading.Barrier(count)

    def run(_):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_simultaneous_failures_on_one_number_answer_at_most_the_limit(app):
    """Thirty wrong names at the same moment, limit 3: three are answered, the rest get 429."""
    def one():
        return check(app.test_client(), number="104233", last="Durand", ip=None).status_code

    statuses = _concurrently(30, one)
    assert statuses.count(200) == 3 and statuses.count(429) == 27


def test_simultaneous_failures_from_one_address_answer_at_most_the_limit(app):
    numbers = iter(str(n) for n in range(800000, 800030))
    lock = threading.Lock()

    def one():
        with lock:
            number = next(numbers)
        return check(app.test_client(), number=number, ip="203.0.113.99").status_code

    statuses = _concurrently(30, one)
    assert statuses.count(200) == 5 and statuses.count(429) == 25


def test_a_check_that_crashes_has_been_counted(app, client, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*_args):
        raise RuntimeError("database went away")

    monkeypatch.setattr(service, "responsables_of", broken)
    assert [check(client, number="104235", ip="198.51.100.41").status_code for _ in range(3)] == [500] * 3
    monkeypatch.undo()
    assert check(client, number="104235", ip="198.51.100.42").status_code == 429


def test_ipv6_addresses_count_per_64_network(client):
    for host in range(1, 6):
        check(client, number=f"90000{host}", ip=f"2001:db8:aa:bb::{host:x}")
    assert check(client, number="104233", ip="2001:db8:aa:bb:ffff::1").status_code == 429
    assert check(client, number="104233", ip="2001:db8:aa:cc::1").status_code == 200


def test_the_overall_budget_limits_a_spray_across_numbers_and_addresses(database_url):
    settings = Settings.from_env({
        "BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": SECRET, "BRIDGE_VERIFY_LIMIT_OVERALL": "4 per hour",
    })
    sprayed = create_app(settings).test_client()
    statuses = [check(sprayed, number=f"70000{i}", ip=f"192.0.2.{i}").status_code for i in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]


def _statements_of(app, call) -> list[str]:
    seen: list[str] = []
    engine = services(app).engine

    def record(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_unknown_number_and_wrong_name_do_the_same_work(app, client, monkeypatch):
    """No timing oracle: the same queries, and the typed name compared with as many adults."""
    compared: list[int] = []
    real = service.find_adult

    def counting(claimant, candidates):
        candidates = list(candidates)
        compared.append(len(candidates))
        return real(claimant, candidates)

    monkeypatch.setattr(service, "find_adult", counting)
    unknown = _statements_of(app, lambda: check(client, number="999999", ip="198.51.100.61"))
    wrong_name = _statements_of(app, lambda: check(client, number="104233", last="Durand", ip="198.51.100.62"))
    assert unknown == wrong_name
    assert compared[0] == compared[1] == service.COMPARED_ADULTS


def test_a_stand_in_name_never_matches(client):
    assert check(client, number="999999", last="Zzzzzzzz", first="Zzzzzzzz").get_json() == {"result": "no_match"}


# ---- An identity vouched for by FranceConnect (all given names, usage name, birth date) ----

def check_franceconnect(client, number="104233", given="Camille Marie", birth_name="LEFEVRE", born="1986-05-14",
                        usage="LEFEVRE", ip="198.51.100.80"):
    return client.post("/api/v1/dossiers/verify", headers=AUTH, json={
        "dossier_number": number, "last_name": birth_name, "first_name": given, "email": "c@example.org",
        "client_ip": ip, "identity_source": "franceconnect", "birth_date": born, "usage_name": usage,
    })


def test_a_franceconnect_identity_with_the_adults_birth_date_matches(client):
    body = check_franceconnect(client).get_json()
    assert body["result"] == "match" and body["dossier_number"] == "104233"
    # Usage name MARTIN-DUPONT in the registry, birth name DUPONT at FranceConnect.
    sophie = check_franceconnect(client, number="104234", given="Sophie Anne", birth_name="DUPONT",
                                 born="1989-01-21", usage="MARTIN-DUPONT").get_json()
    assert sophie["result"] == "match"


def test_another_adults_birth_date_gets_the_same_answer_as_any_mismatch(client):
    thomas_born = check_franceconnect(client, born="1984-09-02", ip="198.51.100.81")  # the other parent's date
    unknown = check(client, number="999999", ip="198.51.100.82")
    wrong_name = check(client, last="Durand", ip="198.51.100.83")
    assert thomas_born.status_code == unknown.status_code == wrong_name.status_code == 200
    assert thomas_born.data == unknown.data == wrong_name.data == b'{"result":"no_match"}\n'


def test_a_refused_birth_date_counts_against_the_number_like_a_wrong_name(client):
    for ip in ("198.51.100.84", "198.51.100.85", "198.51.100.86"):
        assert check_franceconnect(client, number="104235", given="Nicolas", birth_name="MARTIN", born="1990-01-31",
                                   usage="", ip=ip).get_json()["result"] == "no_match"
    assert check(client, number="104235", last="Martin", first="Nicolas", ip="198.51.100.87").status_code == 429


def test_the_given_name_rule_of_franceconnect_needs_the_source(client):
    # "Marie Camille": Camille is the registry's first name, but only as a second given name.
    typed = check(client, first="Marie Camille", ip="198.51.100.88").get_json()
    vouched = check_franceconnect(client, given="Marie Camille", ip="198.51.100.89").get_json()
    assert typed["result"] == "no_match" and vouched["result"] == "match"


@pytest.mark.parametrize("field, value", [
    ("birth_date", "14/05/1986"), ("birth_date", "1986-02-30"), ("birth_date", "1986-5-14"),
    ("identity_source", "impots.gouv"), ("birth_date", 19860514),
])
def test_malformed_identity_fields_are_refused_with_400(client, field, value):
    body = {"dossier_number": "104233", "last_name": "LEFEVRE", "first_name": "Camille", "identity_source": "franceconnect",
            "birth_date": "1986-05-14", field: value}
    answer = client.post("/api/v1/dossiers/verify", headers=AUTH, json=body)
    assert answer.status_code == 400
    with transaction(services(client.application).sessions) as session:
        assert session.scalars(select(VerificationAttempt)).first() is None  # refused before any work


def _solve(challenge: dict) -> str:
    """What the family's browser does with the widget (ALTCHA's own solver)."""
    parsed = altcha.Challenge.from_dict(challenge)
    return altcha.Payload(parsed, altcha.solve_challenge(parsed)).to_base64()


def solved(client, refused, ip: str):
    """Camille's check again, with the challenge of the refusal solved."""
    return client.post("/api/v1/dossiers/verify", headers=AUTH, json={
        "dossier_number": "104233", "last_name": "Lefèvre", "first_name": "Camille", "email": "c@example.org",
        "client_ip": ip, "challenge_solution": _solve(refused.get_json()["challenge"]),
    })


def test_a_family_locked_out_by_someone_else_gets_through_with_a_proof_of_work(client):
    for _ in range(3):  # a stranger spends the number's budget
        check(client, number="104233", last="Durand", ip="203.0.113.7")
    refused = check(client, number="104233", ip="198.51.100.8")
    assert refused.status_code == 429 and "challenge" in refused.get_json()
    answer = solved(client, refused, ip="198.51.100.8")
    assert answer.status_code == 200 and answer.get_json()["result"] == "match"


def test_a_solved_challenge_is_accepted_once(client):
    for _ in range(3):
        check(client, number="104235", last="Durand", ip="203.0.113.8")
    refused = check(client, number="104235", ip="198.51.100.9")
    payload = _solve(refused.get_json()["challenge"])
    body = {"dossier_number": "104235", "last_name": "Martin", "first_name": "Nicolas", "client_ip": "198.51.100.9",
            "challenge_solution": payload}
    assert client.post("/api/v1/dossiers/verify", headers=AUTH, json=body).status_code == 200
    again = client.post("/api/v1/dossiers/verify", headers=AUTH, json=body)
    assert again.status_code == 429


def test_a_forged_or_garbled_solution_does_not_open_the_budget(client):
    for _ in range(3):
        check(client, number="104235", last="Durand", ip="203.0.113.9")
    forged = altcha.create_challenge("PBKDF2/SHA-256", 100, hmac_secret="not-the-bridge-key").to_dict()
    for solution in (_solve(forged), "garbage", "e30="):
        body = {"dossier_number": "104235", "last_name": "Martin", "first_name": "Nicolas", "client_ip": "198.51.100.10",
                "challenge_solution": solution}
        assert client.post("/api/v1/dossiers/verify", headers=AUTH, json=body).status_code == 429


def test_the_callers_own_network_budget_holds_even_with_a_solution(client):
    for n in range(5):
        check(client, number=f"90010{n}", ip="203.0.113.77")
    refused = check(client, number="104233", ip="203.0.113.77")
    assert refused.status_code == 429 and "challenge" not in refused.get_json()
