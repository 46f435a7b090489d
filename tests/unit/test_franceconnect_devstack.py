"""The dev stack's FranceConnect: a stand-in configured like the realm expects, and `make run` saying how to use it."""

from __future__ import annotations

import json

from devstack.__main__ import franceconnect_help
from devstack.paths import FRANCECONNECT_IDENTITIES, REALM_FILE
from devstack.services import ALL_SERVICES, DEV_DEFAULTS, FRANCECONNECT_STANDIN_ISSUER


def test_the_dev_stack_starts_the_stand_in_and_points_the_realm_at_it():
    assert "franceconnect" in ALL_SERVICES
    assert FRANCECONNECT_STANDIN_ISSUER.startswith("http://127.0.0.1:")  # loopback only
    assert DEV_DEFAULTS["FRANCECONNECT_ENABLED"] == "true"
    assert DEV_DEFAULTS["FRANCECONNECT_ISSUER"] == FRANCECONNECT_STANDIN_ISSUER


def test_the_realm_keeps_franceconnect_off_unless_configured():
    realm = json.loads(REALM_FILE.read_text(encoding="utf-8"))
    (idp,) = [p for p in realm["identityProviders"] if p["alias"] == "franceconnect"]
    assert idp["enabled"] == "${FRANCECONNECT_ENABLED:false}"
    config = idp["config"]
    # Every endpoint from the one issuer variable; acr_values=eidas1 rides in the authorization URL.
    assert config["authorizationUrl"] == config["issuer"] + "/authorize?acr_values=eidas1"
    for key, path in (("tokenUrl", "/token"), ("userInfoUrl", "/userinfo"), ("jwksUrl", "/jwks"), ("logoutUrl", "/session/end")):
        assert config[key] == config["issuer"] + path
    assert config["issuer"].startswith("${FRANCECONNECT_ISSUER:https://")
    assert (config["validateSignature"], config["useJwksUrl"], config["backchannelSupported"]) == ("true", "true", "false")
    assert (config["claimFilterName"], config["filteredByClaim"]) == ("acr", "true")


def test_make_run_says_how_to_sign_in_with_the_stand_in():
    people = {p["id"]: p for p in json.loads(FRANCECONNECT_IDENTITIES.read_text(encoding="utf-8"))["identities"]}
    text = franceconnect_help(DEV_DEFAULTS)
    assert FRANCECONNECT_STANDIN_ISSUER in text and "104233" in text
    camille = people["camille-lefevre"]
    assert f"« {camille['given_name']} {camille['family_name']} »" in text
    assert franceconnect_help({**DEV_DEFAULTS, "FRANCECONNECT_ENABLED": "false"}).strip().endswith("(FRANCECONNECT_ENABLED is not true)")
    real = franceconnect_help({**DEV_DEFAULTS, "FRANCECONNECT_ISSUER": "https://fcp-low.sbx.dev-franceconnect.fr/api/v2"})
    assert "fcp-low.sbx" in real and "stand-in" not in real
