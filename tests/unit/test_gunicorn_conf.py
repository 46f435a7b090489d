"""The production web server refuses rate-limit counts that several processes would each keep alone."""

import importlib
import sys
from types import SimpleNamespace

import pytest

from tests.unit.test_config import PRODUCTION


def load_conf(monkeypatch, **env: str):
    for name, value in {**PRODUCTION, **env}.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("dossier_bridge.gunicorn_conf", None)
    return importlib.import_module("dossier_bridge.gunicorn_conf")


def start(monkeypatch, workers: int, storage: str):
    conf = load_conf(monkeypatch, BRIDGE_RATE_LIMIT_STORAGE=storage)
    conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=workers)))


def test_memory_counts_with_several_workers_refuse_to_start(monkeypatch):
    with pytest.raises(SystemExit, match="memory://, which counts per process, and 2 workers run"):
        start(monkeypatch, 2, "memory://")


@pytest.mark.parametrize("workers, storage", [(2, "redis://:secret@127.0.0.1:6379/0"), (1, "memory://")])
def test_a_shared_store_or_a_single_process_starts(monkeypatch, workers, storage):
    start(monkeypatch, workers, storage)


def test_a_bad_setting_stops_the_server_with_its_message(monkeypatch):
    with pytest.raises(SystemExit, match="BRIDGE_ENV must be one of"):
        load_conf(monkeypatch, BRIDGE_ENV="prod")


def test_server_settings_and_forwarded_headers_come_from_the_bridge_settings(monkeypatch):
    conf = load_conf(monkeypatch, BRIDGE_BIND="127.0.0.1:15001", BRIDGE_WEB_WORKERS="3",
                     BRIDGE_BEHIND_PROXY="1", BRIDGE_TRUSTED_PROXIES="127.0.0.2")
    assert (conf.bind, conf.workers, conf.threads) == ("127.0.0.1:15001", 3, 4)
    assert conf.forwarded_allow_ips == "127.0.0.2"
    # gunicorn's own default would trust 127.0.0.1, that is any process on the host.
    monkeypatch.delenv("BRIDGE_BEHIND_PROXY")
    monkeypatch.delenv("BRIDGE_TRUSTED_PROXIES")
    assert load_conf(monkeypatch).forwarded_allow_ips == ""
