"""A realm imported before a change gets it from the change's script (deploy/realm-changes/), as production would."""

from __future__ import annotations

import os
import subprocess

from prodstack import layout
from tests.prod.site import REALM
from tests.support.signup import Family, field_error, register

CHECK_START = layout.ROOT / "deploy" / "realm-changes" / "2026-11-30-dossier-check-start.sh"
FORM = "portail-famille registration form"


def _form_steps(admin) -> list[dict]:
    return admin.get_authentication_flow_executions(FORM)


def _run(script, site) -> subprocess.CompletedProcess:
    env = {
        **os.environ, "KCADM": str(layout.KEYCLOAK_HOME / "bin" / "kcadm.sh"), "KEYCLOAK_URL": layout.KEYCLOAK_INTERNAL_URL,
        "KEYCLOAK_ADMIN_USER": site.settings["KC_BOOTSTRAP_ADMIN_USERNAME"],
        "KEYCLOAK_ADMIN_PASSWORD": site.settings["KC_BOOTSTRAP_ADMIN_PASSWORD"], "REALM": REALM,
    }
    return subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=180)


def test_the_early_dossier_check_reaches_a_realm_imported_without_it(site, add_dossier):
    admin = site.admin()
    step = next(s for s in _form_steps(admin) if s.get("providerId") == "dossier-number-check-start")
    admin.delete_authentication_flow_execution(step["id"])
    try:
        # Without the step sign-ups still work: the validation step asks the bridge itself.
        number = add_dossier(("responsable", "LE GALL", "Maëlle", ""), ("enfant", "LE GALL", "Yann", "03/04/2017"))
        assert not field_error(register(Family("Le Gall", "Maëlle", number)), "dossierNumber")
    finally:
        first = _run(CHECK_START, site)
    assert first.returncode == 0, first.stderr
    again = _run(CHECK_START, site)
    assert again.returncode == 0, again.stderr
    assert "added" not in again.stdout, "a second run adds nothing"
    steps = [(s.get("providerId"), s["requirement"]) for s in _form_steps(site.admin())]
    assert steps[0] == ("dossier-number-check-start", "REQUIRED")
    assert [p for p, _ in steps].count("dossier-number-check-start") == 1
    assert steps[-1] == ("dossier-number-validation", "REQUIRED")
    number = add_dossier(("responsable", "LE GALL", "Erwan", ""), ("enfant", "LE GALL", "Anna", "03/04/2017"))
    assert not field_error(register(Family("Le Gall", "Erwan", number)), "dossierNumber")
