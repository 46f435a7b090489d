"""gunicorn settings of the bridge in production (the images and `make prod-like` use it):

    gunicorn -c python:dossier_bridge.gunicorn_conf 'dossier_bridge.app:create_app()'

Every value comes from the bridge's settings (`config.py`): BRIDGE_BIND,
BRIDGE_WEB_WORKERS, BRIDGE_WEB_THREADS, BRIDGE_TRUSTED_PROXIES.
"""

from __future__ import annotations

from dossier_bridge.config import ConfigError, Settings

try:
    _settings = Settings.from_env()
except ConfigError as exc:  # an operator's message, not a traceback
    raise SystemExit(f"dossier bridge: {exc}") from exc

bind = _settings.web_server.bind
workers = _settings.web_server.workers
threads = _settings.web_server.threads
# gunicorn believes X-Forwarded-Proto from 127.0.0.1 by default; only the proxy may say it.
forwarded_allow_ips = ",".join(_settings.trusted_proxies)
graceful_timeout = 20
accesslog = "-"
# The path without its query string: staff searches (?q=<name>) stay out of the logs.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'


def on_starting(server) -> None:
    """Refuse a production start whose rate-limit counts would be split between processes."""
    if (_settings.is_production and _settings.rate_limit_storage.startswith("memory")
            and server.cfg.workers > 1):
        raise SystemExit(
            "dossier bridge: production start refused: BRIDGE_RATE_LIMIT_STORAGE is memory://, which counts per "
            f"process, and {server.cfg.workers} workers run; point it to a shared store such as redis://host:6379"
        )
