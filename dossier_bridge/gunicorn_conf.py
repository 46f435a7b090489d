"""gunicorn settings of the bridge in production (the images and `make prod-like` use it):

    gunicorn -c python:dossier_bridge.gunicorn_conf 'dossier_bridge.app:create_app()'

Read from the environment like every other setting:
  BRIDGE_BIND            address:port to listen on (default 127.0.0.1:5000)
  BRIDGE_WEB_WORKERS     worker processes (default 2)
  BRIDGE_WEB_THREADS     threads per worker (default 4)
"""

from __future__ import annotations

import os

from dossier_bridge.config import ConfigError, Settings

bind = os.environ.get("BRIDGE_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("BRIDGE_WEB_WORKERS", "2"))
threads = int(os.environ.get("BRIDGE_WEB_THREADS", "4"))
# gunicorn believes X-Forwarded-Proto from 127.0.0.1 by default; only the proxy may say it.
forwarded_allow_ips = os.environ.get("BRIDGE_TRUSTED_PROXIES", "")
graceful_timeout = 20
accesslog = "-"
# The path without its query string: staff searches (?q=<name>) stay out of the logs.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'


def on_starting(server) -> None:
    """Refuse a production start whose rate-limit counts would be split between processes."""
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        raise SystemExit(f"dossier bridge: {exc}") from exc
    if settings.is_production and settings.rate_limit_storage.startswith("memory") and server.cfg.workers > 1:
        raise SystemExit(
            "dossier bridge: production start refused: BRIDGE_RATE_LIMIT_STORAGE is memory://, which counts per "
            f"process, and {server.cfg.workers} workers run; point it to a shared store such as redis://host:6379"
        )
