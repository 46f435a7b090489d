"""The production web server refuses rate-limit counts that several processes would each keep alone."""

import importlib
from types import SimpleNamespace

import pytest

from tests.unit.test_config import PRODUCTION


def start(monkeypatch, workers: int, storage: str, env: dict[str, str] = PRODUCTION):
    for name, value in {**env, "BRIDGE_RATE_LIMIT_STORAGE": storage}.items():
        monkeypatch.setenv(name, value)
    conf = importlib.import_module("dossier_bridge.gunicorn_conf")
    conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=workers)))


def test_memory_counts_with_several_workers_refuse_to_start(monkeypatch):
    with pytest.raises(SystemExit, match="memory://, which counts per process, and 2 workers run"):
        start(monkeypatch, 2, "memory://")


@pytest.mark.parametrize("workers, storage", [(2, "redis://:secret@127.0.0.1:6379/0"), (1, "memory://")])
def test_a_shared_store_or_a_single_process_starts(monkeypatch, workers, storage):
    start(monkeypatch, workers, storage)


def test_a_bad_setting_stops_the_server_with_its_message(monkeypatch):
    with pytest.raises(SystemExit, match="BRIDGE_ENV must be one of"):
        start(monkeypatch, 1, "memory://", {**PRODUCTION, "BRIDGE_ENV": "prod"})


def test_forwarded_headers_are_believed_from_the_proxy_only(monkeypatch):
    monkeypatch.setenv("BRIDGE_TRUSTED_PROXIES", "127.0.0.2")
    conf = importlib.reload(importlib.import_module("dossier_bridge.gunicorn_conf"))
    assert conf.forwarded_allow_ips == "127.0.0.2"
    monkeypatch.delenv("BRIDGE_TRUSTED_PROXIES")
    # gunicorn's own default would trust 127.0.0.1, that is any process on the host.
    assert importlib.reload(conf).forwarded_allow_ips == ""
