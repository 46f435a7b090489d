"""A SAML 2.0 service provider on loopback (pysaml2 + Debian's xmlsec1), as older city software would be.

It signs its authentication requests with a key made for the test, sends the
browser to Keycloak (HTTP-Redirect), and reads Keycloak's signed answer at its
assertion consumer URL (HTTP-POST): the page shows the attributes it received.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import Flask, redirect, request
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from werkzeug.serving import make_server

from tests.support.oidc import ISSUER


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed RSA signing key and certificate for the SP; (key file, certificate file)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sp.test")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    key_file, cert_file = folder / "sp.key", folder / "sp.crt"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


@dataclass
class ServiceProvider:
    base_url: str
    key_file: Path
    cert_file: Path

    @property
    def entity_id(self) -> str:
        return f"{self.base_url}/saml/metadata"

    @property
    def acs_url(self) -> str:
        return f"{self.base_url}/saml/acs"

    def client(self) -> Saml2Client:
        idp_metadata = requests.get(f"{ISSUER}/protocol/saml/descriptor", timeout=10).text
        config = SPConfig()
        config.load({
            "entityid": self.entity_id,
            "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
            "key_file": str(self.key_file), "cert_file": str(self.cert_file),
            "metadata": {"inline": [idp_metadata]},
            # Keycloak's attribute names (dossier_number...) are not in pysaml2's maps: keep them as sent.
            "allow_unknown_attributes": True,
            "accepted_time_diff": 60,
            "service": {"sp": {
                "endpoints": {"assertion_consumer_service": [(self.acs_url, BINDING_HTTP_POST)]},
                "allow_unsolicited": False, "want_response_signed": True, "want_assertions_signed": False,
                "authn_requests_signed": True, "name_id_format": NAMEID_FORMAT_PERSISTENT,
            }},
        })
        return Saml2Client(config=config)


def sp_app(sp: ServiceProvider) -> Flask:
    app = Flask("saml_sp")
    client = sp.client()
    outstanding: dict[str, str] = {}  # request ids this SP sent, as a real SP keeps them per browser

    @app.get("/login")
    def login():
        request_id, info = client.prepare_for_authenticate(relay_state="/", binding=BINDING_HTTP_REDIRECT)
        outstanding[request_id] = "/"
        return redirect(dict(info["headers"])["Location"])

    @app.post("/saml/acs")
    def acs():
        answer = client.parse_authn_request_response(request.form["SAMLResponse"], BINDING_HTTP_POST, outstanding)
        rows = "".join(f'<dd id="{html.escape(name)}">{html.escape(values[0])}</dd>'
                       for name, values in sorted(answer.ava.items()))
        return f"<html><body><h1>Signed in</h1><dl>{rows}</dl></body></html>"

    return app


class Running:
    """The SP served on 127.0.0.1 in a thread, on a free port chosen before registration."""

    def __init__(self, folder: Path):
        self._server = make_server("127.0.0.1", 0, Flask("placeholder"), threaded=True)
        port = self._server.server_port
        key_file, cert_file = make_certificate(folder)
        self.sp = ServiceProvider(f"http://127.0.0.1:{port}", key_file, cert_file)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Serve, once the SP's client is registered in Keycloak (its metadata is read now)."""
        self._server.app = sp_app(self.sp)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def post_form(session: requests.Session, page: requests.Response) -> requests.Response:
    """What a browser's auto-submitting form does: Keycloak's SAML POST-binding page, submitted."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(page.text, "html.parser").find("form")
    assert form is not None and form.get("action"), f"no form on {page.url}: {page.text[:300]}"
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    return session.post(form["action"], data=fields, timeout=15)
