"""The services of the dev stack (ALL_SERVICES) and how each is started and checked."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable, Mapping

from devstack import process
from devstack.keycloak_jvm import with_java_options
from devstack.paths import (
    EXAMPLES, EXTENSION_JAR, FRANCECONNECT_BUTTON_CSS, FRANCECONNECT_IDENTITIES, FRANCECONNECT_STANDIN,
    FRANCECONNECT_STANDIN_KEY, MAILDEV, REALM_FILE, ROOT, SAMPLE_DOSSIERS, SAMPLE_NEWS, THEMES, VENV_BIN, keycloak_home,
)

KEYCLOAK_PORT = 8080
KEYCLOAK_MANAGEMENT_PORT = 9000
BRIDGE_PORT = 5000
SMTP_PORT = 1025
MAILDEV_WEB_PORT = 1080
ECOLE_DES_SPORTS_PORT = 5100
RESTAURATION_SCOLAIRE_PORT = 5101
FRANCECONNECT_STANDIN_PORT = 5300

KEYCLOAK_URL = f"http://localhost:{KEYCLOAK_PORT}"
BRIDGE_URL = f"http://localhost:{BRIDGE_PORT}"
MAILDEV_URL = f"http://localhost:{MAILDEV_WEB_PORT}"
ECOLE_DES_SPORTS_URL = f"http://localhost:{ECOLE_DES_SPORTS_PORT}"
RESTAURATION_SCOLAIRE_URL = f"http://localhost:{RESTAURATION_SCOLAIRE_PORT}"
# Its own host name (not localhost): its cookies stay apart from Keycloak's and the bridge's.
FRANCECONNECT_STANDIN_ISSUER = f"http://127.0.0.1:{FRANCECONNECT_STANDIN_PORT}/api/v2"
REALM = "portail-famille"

# Development defaults. They exist only in this dev start path, are printed by
# `make run`, and a production start of the bridge refuses them.
DEV_DEFAULTS: dict[str, str] = {
    "KC_BOOTSTRAP_ADMIN_USERNAME": "admin",
    "KC_BOOTSTRAP_ADMIN_PASSWORD": "admin",
    "BRIDGE_API_SECRET": "dev-bridge-secret",
    "BRIDGE_CLIENT_SECRET": "dev-bridge-client-secret",
    "BRIDGE_UI_CLIENT_SECRET": "dev-bridge-ui-secret",
    "ECOLE_DES_SPORTS_CLIENT_SECRET": "dev-ecole-des-sports-secret",
    "RESTAURATION_SCOLAIRE_CLIENT_SECRET": "dev-restauration-scolaire-secret",
    "BRIDGE_SESSION_SECRET": "dev-session-key",
    "AGENT_DEMO_USERNAME": "agent.demo",
    "AGENT_DEMO_PASSWORD": "Agent-Demo-2026!",
    "SMTP_HOST": "127.0.0.1",
    "SMTP_PORT": str(SMTP_PORT),
    "SMTP_FROM": "portail-famille@ville-chartres.example",
    "SMTP_FROM_NAME": "Portail Famille - Ville de Chartres",
    "BRIDGE_INTERNAL_URL": f"http://127.0.0.1:{BRIDGE_PORT}",
    "BRIDGE_PUBLIC_URL": BRIDGE_URL,
    "KEYCLOAK_URL": KEYCLOAK_URL,
    "KEYCLOAK_PUBLIC_URL": KEYCLOAK_URL,
    "KEYCLOAK_REALM": REALM,
    "PORTAIL_BASE_URL": BRIDGE_URL,
    "ECOLE_DES_SPORTS_BASE_URL": ECOLE_DES_SPORTS_URL,
    "RESTAURATION_SCOLAIRE_BASE_URL": RESTAURATION_SCOLAIRE_URL,
    # FranceConnect is off unless configured; the dev stack configures its local stand-in.
    "FRANCECONNECT_ENABLED": "true",
    "FRANCECONNECT_ISSUER": FRANCECONNECT_STANDIN_ISSUER,
    "FRANCECONNECT_CLIENT_ID": "portail-famille-dev",
    "FRANCECONNECT_CLIENT_SECRET": "dev-franceconnect-secret",
}


def dev_environment() -> dict[str, str]:
    """The process environment with the dev defaults filling what is not set."""
    env = dict(os.environ)
    for name, value in DEV_DEFAULTS.items():
        env.setdefault(name, value)
    return env


@dataclass(frozen=True)
class Service:
    name: str
    title: str  # as the operator reads it in `make run`'s messages
    ready: Callable[[], bool]
    port: int | None
    start: Callable[[Mapping[str, str]], subprocess.Popen]
    timeout: float


def _keycloak_ready() -> bool:
    return process.http_ok(f"http://127.0.0.1:{KEYCLOAK_MANAGEMENT_PORT}/health/ready")


def _maildev_ready() -> bool:
    return process.http_ok(f"http://127.0.0.1:{MAILDEV_WEB_PORT}/email")


def _franceconnect_ready() -> bool:
    return process.http_ok(f"{FRANCECONNECT_STANDIN_ISSUER}/.well-known/openid-configuration")


def _bridge_ready() -> bool:
    return process.http_ok(f"http://127.0.0.1:{BRIDGE_PORT}/healthz")


def start_keycloak(env: Mapping[str, str]) -> subprocess.Popen:
    home = keycloak_home()
    if not (home / "bin" / "kc.sh").exists():
        raise process.StackError(f"Keycloak is not unpacked in {home}; run `make keycloak-dist`")
    if not EXTENSION_JAR.exists():
        raise process.StackError(f"{EXTENSION_JAR} is missing; run `make extension`")
    if not FRANCECONNECT_BUTTON_CSS.exists():
        raise process.StackError(f"{FRANCECONNECT_BUTTON_CSS} is missing; run `make deps`")
    shutil.copy2(EXTENSION_JAR, home / "providers" / EXTENSION_JAR.name)
    _prepare_realm_import(home)
    command = [
        str(home / "bin" / "kc.sh"), "start-dev",
        "--http-host=127.0.0.1", f"--http-port={KEYCLOAK_PORT}",
        f"--http-management-port={KEYCLOAK_MANAGEMENT_PORT}",
        "--health-enabled=true", "--metrics-enabled=true",
        f"--hostname={env['KEYCLOAK_PUBLIC_URL']}", "--hostname-backchannel-dynamic=true",
        "--import-realm",
        # Brute-force protection stays on; two correct sign-ins of one account at
        # the same moment (two parents, a double click) must both succeed.
        "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true",
        f"--spi-theme--folder--dir={THEMES}",
        *_database_options(env),
    ]
    return process.start("keycloak", command, with_java_options(env), cwd=home)


def _database_options(env: Mapping[str, str]) -> list[str]:
    """dev-file by default; PostgreSQL when KC_DB_URL is set (the one variable)."""
    if not env.get("KC_DB_URL"):
        return []
    return ["--db=postgres"]


def _prepare_realm_import(home) -> None:
    """Keycloak skips a realm that already exists, so a changed realm file resets the dev database."""
    import_dir = home / "data" / "import"
    import_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REALM_FILE, import_dir / "portail-famille-realm.json")
    digest = hashlib.sha256(REALM_FILE.read_bytes()).hexdigest()
    marker = home / "data" / "realm.sha256"
    h2 = home / "data" / "h2"
    if marker.exists() and marker.read_text() != digest and h2.exists():
        print("realm-export.json changed since the last start: resetting the dev Keycloak database", flush=True)
        shutil.rmtree(h2)
    marker.write_text(digest)


def start_maildev(env: Mapping[str, str]) -> subprocess.Popen:
    if not MAILDEV.exists():
        raise process.StackError("MailDev is not installed; run `make deps`")
    command = [
        str(MAILDEV), "--ip", "127.0.0.1", "--smtp", str(SMTP_PORT), "--web", str(MAILDEV_WEB_PORT),
    ]
    return process.start("maildev", command, env, cwd=ROOT)


def start_franceconnect(env: Mapping[str, str]) -> subprocess.Popen:
    """The local FranceConnect stand-in (development and tests only), on 127.0.0.1."""
    if not (ROOT / "node_modules" / "oidc-provider").exists():
        raise process.StackError("oidc-provider is not installed; run `make deps`")
    standin_env = {
        **env,
        "FRANCECONNECT_STANDIN_PORT": str(FRANCECONNECT_STANDIN_PORT),
        "FRANCECONNECT_STANDIN_IDENTITIES": str(FRANCECONNECT_IDENTITIES),
        "FRANCECONNECT_STANDIN_KEYS": str(FRANCECONNECT_STANDIN_KEY),
    }
    return process.start("franceconnect", ["node", str(FRANCECONNECT_STANDIN)], standin_env, cwd=ROOT)


def prepare_bridge_database(env: Mapping[str, str]) -> None:
    """Apply the migrations, then load the fictitious sample dossiers and news (idempotent)."""
    bridge = str(VENV_BIN / "dossier-bridge")
    for args in (["db-upgrade"], ["import-dossiers", str(SAMPLE_DOSSIERS)], ["import-news", str(SAMPLE_NEWS)]):
        result = subprocess.run([bridge, *args], env=dict(env), cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            raise process.StackError(f"dossier-bridge {' '.join(args)} failed:\n{result.stderr}")


def start_bridge(env: Mapping[str, str]) -> subprocess.Popen:
    prepare_bridge_database(env)
    command = [
        str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{BRIDGE_PORT}",
        "--workers", "1", "--threads", "8", "--config", "python:dossier_bridge.gunicorn_conf",
        "dossier_bridge.app:create_app()",
    ]
    return process.start("bridge", command, env, cwd=ROOT)


def _city_app(module: str, port: int) -> Callable[[Mapping[str, str]], subprocess.Popen]:
    """A sample city application of examples/ (its own client in the realm), under gunicorn."""

    def start(env: Mapping[str, str]) -> subprocess.Popen:
        command = [
            str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
            "--pythonpath", str(EXAMPLES), f"{module}.app:app",
        ]
        return process.start(module.replace("_", "-"), command, env, cwd=EXAMPLES)

    return start


def _answers(port: int) -> Callable[[], bool]:
    return lambda: process.http_ok(f"http://127.0.0.1:{port}/healthz")


def start_worker(env: Mapping[str, str]) -> subprocess.Popen:
    return process.start("worker", [str(VENV_BIN / "dossier-bridge"), "worker"], env, cwd=ROOT)


def _worker_ready() -> bool:
    return process.recorded_pid("worker") is not None


SERVICES: dict[str, Service] = {
    "maildev": Service("maildev", "MailDev", _maildev_ready, MAILDEV_WEB_PORT, start_maildev, 60),
    "franceconnect": Service("franceconnect", "the FranceConnect stand-in", _franceconnect_ready,
                             FRANCECONNECT_STANDIN_PORT, start_franceconnect, 60),
    "bridge": Service("bridge", "the dossier bridge", _bridge_ready, BRIDGE_PORT, start_bridge, 60),
    # Ten minutes: on two busy cores a first start (build, schema, realm import) has taken over five.
    "keycloak": Service("keycloak", "Keycloak", _keycloak_ready, KEYCLOAK_PORT, start_keycloak, 600),
    "worker": Service("worker", "the bridge's worker", _worker_ready, None, start_worker, 10),
    "ecole-des-sports": Service("ecole-des-sports", "the École des sports sample app", _answers(ECOLE_DES_SPORTS_PORT),
                                ECOLE_DES_SPORTS_PORT, _city_app("ecole_des_sports", ECOLE_DES_SPORTS_PORT), 60),
    "restauration-scolaire": Service(
        "restauration-scolaire", "the Restauration scolaire sample app", _answers(RESTAURATION_SCOLAIRE_PORT),
        RESTAURATION_SCOLAIRE_PORT, _city_app("restauration_scolaire", RESTAURATION_SCOLAIRE_PORT), 60),
}
ALL_SERVICES = ("maildev", "franceconnect", "bridge", "keycloak", "worker", "ecole-des-sports", "restauration-scolaire")


def titles(names=ALL_SERVICES) -> str:
    """"MailDev, the dossier bridge, Keycloak and the bridge's worker": every service named, none counted."""
    words = [SERVICES[name].title for name in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"

