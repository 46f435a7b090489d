"""Each process of the production-like run: how it starts, how its readiness shows, how it stops."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
from dataclasses import dataclass
from typing import Callable, Mapping

import requests

from devstack import process
from devstack.paths import MAILDEV, ROOT, SAMPLE_DOSSIERS, SAMPLE_NEWS, VENV_BIN
from prodstack import environment, layout, postgres, proxy
from prodstack.keycloak_build import ensure_built
from prodstack.layout import Bridge, KeycloakNode


def _http_ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@dataclass(frozen=True)
class Service:
    name: str
    start: Callable[[Mapping[str, str]], subprocess.Popen]
    ready: Callable[[], bool]
    timeout: float
    stop: Callable[[], bool] | None = None
    ports: tuple[int, ...] = ()

    def halt(self, sig: int = signal.SIGTERM) -> bool:
        if self.stop is not None and sig == signal.SIGTERM:
            return self.stop()
        return process.stop(self.name, place=layout.PLACE, sig=sig)

    def running(self) -> bool:
        return process.recorded_pid(self.name, place=layout.PLACE) is not None


# Redis ----------------------------------------------------------------------

def _start_redis(settings: Mapping[str, str]):
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    folder = layout.STATE / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "redis.conf"
    # Rate-limit counts live 15 minutes: nothing to save to disk.
    fd = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(f"bind {layout.HOST}\nport {layout.REDIS_PORT}\nprotected-mode yes\n"
                  f"requirepass {settings['REDIS_PASSWORD']}\nsave \"\"\nappendonly no\ndir {folder}\n"
                  "maxmemory 256mb\nmaxmemory-policy volatile-ttl\n")
    command = [binary, str(conf)]
    if os.geteuid() == 0:
        entry = pwd.getpwnam("redis")
        for path in (folder, conf):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        command = ["runuser", "-u", "redis", "--", *command]
    return process.start("redis", command, {"PATH": os.environ.get("PATH", "")}, cwd=ROOT, place=layout.PLACE)


def _redis_ready() -> bool:
    return process.port_open(layout.REDIS_PORT)


# MailDev, playing the city's SMTP relay so that the tests can read the mail --

def _start_maildev(_settings):
    if not MAILDEV.exists():
        raise process.StackError("MailDev is not installed; run `make deps`")
    command = [str(MAILDEV), "--ip", layout.HOST, "--smtp", str(layout.SMTP_PORT), "--web", str(layout.MAILDEV_WEB_PORT)]
    return process.start("maildev", command, {"PATH": os.environ.get("PATH", "")}, cwd=ROOT, place=layout.PLACE)


# The bridge -------------------------------------------------------------------

def bridge_cli(settings: Mapping[str, str], *args: str) -> subprocess.CompletedProcess:
    """`dossier-bridge ARGS` against the production database (migrations, imports)."""
    return subprocess.run([str(VENV_BIN / "dossier-bridge"), *args], env=environment.bridge(settings), cwd=ROOT,
                          capture_output=True, text=True)


def prepare_bridge_database(settings: Mapping[str, str]) -> None:
    """Migrations once, before any bridge starts; then the fictitious sample registry and news (idempotent)."""
    for args in (["db-upgrade"], ["import-dossiers", str(SAMPLE_DOSSIERS)], ["import-news", str(SAMPLE_NEWS)]):
        result = bridge_cli(settings, *args)
        if result.returncode != 0:
            raise process.StackError(f"dossier-bridge {' '.join(args)} failed:\n{result.stderr}")


def _bridge_starter(instance: Bridge):
    def start(settings):
        command = [str(VENV_BIN / "gunicorn"), "-c", "python:dossier_bridge.gunicorn_conf", "dossier_bridge.app:create_app()"]
        return process.start(instance.name, command, environment.bridge(settings, instance), cwd=ROOT,
                             place=layout.PLACE)
    return start


def _worker_starter(name: str):
    def start(settings):
        return process.start(name, [str(VENV_BIN / "dossier-bridge"), "worker"], environment.bridge(settings),
                             cwd=ROOT, place=layout.PLACE)
    return start


# Keycloak -----------------------------------------------------------------------

def _keycloak_starter(node: KeycloakNode):
    def start(settings):
        ensure_built()
        # Only the first node imports the realm; an existing realm is skipped anyway.
        extra = ["--import-realm"] if node.index == 1 else []
        command = [str(layout.KEYCLOAK_HOME / "bin" / "kc.sh"), "start", "--optimized", *extra]
        return process.start(node.name, command, environment.keycloak(settings, node), cwd=layout.KEYCLOAK_HOME,
                             place=layout.PLACE)
    return start


SERVICES: dict[str, Service] = {
    "postgres": Service("postgres", postgres.start, postgres.ready, 60, postgres.stop, (layout.POSTGRES_PORT,)),
    "redis": Service("redis", _start_redis, _redis_ready, 30, ports=(layout.REDIS_PORT,)),
    "maildev": Service("maildev", _start_maildev, lambda: _http_ok(f"{layout.MAILDEV_URL}/email"), 60,
                       ports=(layout.SMTP_PORT, layout.MAILDEV_WEB_PORT)),
    **{b.name: Service(b.name, _bridge_starter(b), lambda b=b: _http_ok(f"{b.url}/healthz"), 90, ports=(b.port,))
       for b in layout.BRIDGES},
    **{w: Service(w, _worker_starter(w), lambda w=w: process.recorded_pid(w, place=layout.PLACE) is not None, 10)
       for w in layout.WORKERS},
    **{n.name: Service(n.name, _keycloak_starter(n), lambda n=n: _http_ok(n.health_url), 420,
                       ports=(n.http_port, n.management_port, n.cluster_port))
       for n in layout.KEYCLOAK_NODES},
    "proxy": Service("proxy", lambda s: proxy.start(environment.proxy(s)), proxy.all_up, 120,
                     ports=(layout.KEYCLOAK_HTTPS_PORT, layout.BRIDGE_HTTPS_PORT, layout.KEYCLOAK_INTERNAL_PORT,
                            layout.BRIDGE_INTERNAL_PORT, layout.PROXY_STATS_PORT)),
}
