"""Forwarded headers change what the bridge sees only when the configured proxy sent them."""

from flask import Flask, jsonify, request, url_for

from dossier_bridge.web.proxy_headers import TrustedProxyFix

FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "famille.example.fr",
             "X-Forwarded-Port": "443"}


def app() -> Flask:
    flask_app = Flask(__name__)

    @flask_app.get("/where")
    def where():
        return jsonify(address=request.remote_addr, callback=url_for("where", _external=True))

    flask_app.wsgi_app = TrustedProxyFix(flask_app.wsgi_app, ["127.0.0.2", "fd00::/64"])
    return flask_app


def seen_from(remote_addr: str) -> dict:
    client = app().test_client()
    return client.get("/where", headers=FORWARDED, environ_base={"REMOTE_ADDR": remote_addr}).get_json()


def test_the_proxy_is_believed():
    assert seen_from("127.0.0.2") == {"address": "203.0.113.9", "callback": "https://famille.example.fr/where"}
    assert seen_from("fd00::1234")["address"] == "203.0.113.9"


def test_anyone_else_is_taken_at_its_own_address():
    assert seen_from("127.0.0.1") == {"address": "127.0.0.1", "callback": "http://localhost/where"}
    assert seen_from("not-an-address")["callback"] == "http://localhost/where"
