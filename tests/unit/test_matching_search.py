"""The per-request search against the registry (SQLite, and PostgreSQL when CI has one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from dossier_bridge.branding import Branding
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.family_requests import service
from dossier_bridge.mail_outbox import MailTemplates
from dossier_bridge.matching.index import rebuild_keys_on
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.matching.report import registry_duplicates
from dossier_bridge.matching.search import find_candidates
from dossier_bridge.models import Dossier, MatchingKey
from dossier_bridge.registry.csv_format import parse_dossier_bytes, read_dossier_file
from dossier_bridge.registry.importer import import_dossiers
from dossier_bridge.review import decisions

FAMILIES = Path(__file__).resolve().parents[1] / "data" / "matching_families.csv"
MAIL = MailTemplates(Branding())
STAFF = decisions.StaffMember("staff-sub-1", "agent.demo")


@pytest.fixture
def registry(database_url):
    """A migrated database (see tests/unit/conftest.py) holding the fixed French dataset."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        import_dossiers(session, read_dossier_file(FAMILIES))
    yield factory
    engine.dispose()


REQUEST = {
    "adults": [{"last_name": "Lefebvre", "first_name": "Marie", "email": "marie.lefevre@gmail.com",
                "phone": "06 12 34 56 78"}],
    "children": [{"last_name": "Lefebvre", "first_name": "Léa", "birth_date": "2016-03-12"},
                 {"last_name": "Lefebvre", "first_name": "Hugo", "birth_date": "2018-09-05"}],
    "address": "12 rue de la Paix",
    "postal_code": "28000",
    "town": "Chartres",
}


def test_a_family_request_finds_its_dossier_first_with_reasons(registry):
    with registry() as session:
        candidates = find_candidates(session, FamilyProfile.from_dict(REQUEST))
    assert candidates[0].dossier_number in {"200101", "200102"}
    assert {c.dossier_number for c in candidates[:2]} == {"200101", "200102"}
    first = candidates[0]
    assert 0.9 <= first.score <= 1.0
    assert "même enfant : Léa, née le 12/03/2016" in first.reasons
    assert "même téléphone" in first.reasons
    assert any(reason.startswith("nom proche : Lefebvre / ") for reason in first.reasons)


def test_a_family_that_moved_is_found_by_its_children_and_phone(registry):
    moved = dict(REQUEST, address="1 rue Nicole", postal_code="28100", town="Dreux")
    with registry() as session:
        candidates = find_candidates(session, FamilyProfile.from_dict(moved), limit=1)
    assert candidates[0].dossier_number in {"200101", "200102"}
    assert "adresse différente (déménagement ?)" in candidates[0].reasons


def test_a_homonym_family_gets_no_likely_candidate(registry):
    homonyms = {
        "adults": [{"last_name": "MARTIN", "first_name": "Marie", "phone": "0690909090"}],
        "children": [{"last_name": "MARTIN", "first_name": "Rose", "birth_date": "2020-04-04"}],
        "address": "2 rue Pasteur", "postal_code": "28000", "town": "Chartres",
    }
    with registry() as session:
        candidates = find_candidates(session, FamilyProfile.from_dict(homonyms))
    assert all(c.score < 0.5 for c in candidates)


def test_a_dossier_never_finds_itself(registry):
    with registry() as session:
        dossier = session.scalar(select(Dossier).where(Dossier.number == "200401"))
        candidates = find_candidates(session, FamilyProfile.from_dossier(dossier))
    assert candidates and candidates[0].dossier_number == "200402"
    assert all(c.dossier_number != "200401" for c in candidates)


HEADER = "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville"


def stored_keys(factory) -> list[tuple[int, str]]:
    with factory() as session:
        return sorted(session.execute(select(MatchingKey.dossier_id, MatchingKey.key)).all())


def rebuilt_keys(factory) -> list[tuple[int, str]]:
    """What a full rebuild would store, computed in a transaction that is rolled back."""
    with factory() as session:
        rebuild_keys_on(session.connection())
        keys = sorted(session.execute(select(MatchingKey.dossier_id, MatchingKey.key)).all())
        session.rollback()
    return keys


def test_blocking_keys_are_stored_and_follow_an_updated_import(registry):
    with registry() as session:
        stored = session.scalar(select(func.count()).select_from(MatchingKey))
        assert stored > 0
    newer_export = "\n".join([
        HEADER,
        "201301;responsable;ROBERT;Isabelle;;isabelle.robert@laposte.net;0611119999;6 rue de Fresnay;28110;Lucé",
        "201301;enfant;ROBERT;Maël;30/01/2016;;;6 rue de Fresnay;28110;Lucé",
    ]).encode()
    with transaction(registry) as session:
        report = import_dossiers(session, parse_dossier_bytes(newer_export))
    assert report.persons_updated == 1
    with registry() as session:
        keys = set(session.scalars(select(MatchingKey.key).join(Dossier).where(Dossier.number == "201301")))
    assert "t:0611119999" in keys
    assert "t:0623232323" not in keys
    assert stored_keys(registry) == rebuilt_keys(registry)


def a_family_request(registry, user: str, family: dict, last: str = "Traoré", first: str = "Awa") -> int:
    account = service.Account(user, f"{user}@example.org", last, first)
    with transaction(registry) as session:
        request, _ = service.submit(session, MAIL, account, f"key-{user}", family)
        return request.id


TRAORE = {"address": "3 rue des Lisses", "postal_code": "28000", "town": "Chartres", "phone": "0788776655",
          "children": [{"last_name": "Traoré", "first_name": "Issa", "birth_date": "02/02/2019"}]}


def test_a_dossier_created_by_staff_is_searchable_at_once(registry):
    request_id = a_family_request(registry, "kc-awa", TRAORE)
    with transaction(registry) as session:
        number = decisions.create_dossier(session, MAIL, request_id, 1, STAFF).dossier.number
    request = {"adults": [{"last_name": "Traore", "first_name": "Awa", "phone": "+33 7 88 77 66 55"}]}
    with registry() as session:
        candidates = find_candidates(session, FamilyProfile.from_dict(request))
    assert candidates[0].dossier_number == number


def test_every_path_that_writes_the_registry_leaves_the_stored_keys_exact(registry):
    """New dossiers, updated persons, staff-created dossiers, attached requests: stored keys = a rebuild."""
    assert stored_keys(registry) == rebuilt_keys(registry)
    changes = "\n".join([
        HEADER,
        "201301;responsable;ROBERT;Isabelle;;;0699887766;9 avenue Maunoury;28000;Chartres",  # updated person
        "201301;responsable;ROBERT;Paul;;paul.robert@example.org;;9 avenue Maunoury;28000;Chartres",  # new person
        "299901;responsable;NOUVEAU;Jean;;;0712345678;1 rue Neuve;28000;Chartres",  # new dossier
        "299901;enfant;NOUVEAU;Lou;05/05/2020;;;1 rue Neuve;28000;Chartres",
    ]).encode()
    with transaction(registry) as session:
        import_dossiers(session, parse_dossier_bytes(changes))
    assert stored_keys(registry) == rebuilt_keys(registry)
    created = a_family_request(registry, "kc-create", TRAORE)
    with transaction(registry) as session:
        decisions.create_dossier(session, MAIL, created, 1, STAFF)
    assert stored_keys(registry) == rebuilt_keys(registry)
    attached = a_family_request(registry, "kc-attach", TRAORE, last="ROBERT", first="Isabelle")
    with transaction(registry) as session:
        decisions.attach_to_dossier(session, MAIL, attached, 1, "201301", STAFF)
    assert stored_keys(registry) == rebuilt_keys(registry)


def test_rebuilding_the_keys_gives_the_same_keys(registry):
    before = stored_keys(registry)
    with transaction(registry) as session:
        rebuild_keys_on(session.connection())
    assert stored_keys(registry) == before


def test_the_registry_report_lists_the_known_duplicates(registry):
    with registry() as session:
        rows = registry_duplicates(session, 0.5)
    pairs = {(a, b) for a, b, _score, _reasons in rows}
    assert {("200101", "200102"), ("200401", "200402"), ("200801", "200802")} <= pairs
    assert all(reasons for *_rest, reasons in rows)
    assert [r[2] for r in rows] == sorted((r[2] for r in rows), reverse=True)
