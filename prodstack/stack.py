"""Bringing the whole production-like topology up, in order, and down again."""

from __future__ import annotations

import signal
from typing import Iterable, Mapping

from devstack import process
from prodstack import layout, postgres, settings as settings_file, tls
from prodstack.services import SERVICES, prepare_bridge_database

# Started in this order, stopped in the reverse one. The workers call Keycloak through the
# proxy: they stop first, rather than log a failed round for each service gone before them.
ORDER = (
    "postgres", "redis", "maildev",
    *(b.name for b in layout.BRIDGES),
    *(n.name for n in layout.KEYCLOAK_NODES),
    "proxy",
    *layout.WORKERS,
)


def load_settings() -> dict[str, str]:
    values = settings_file.ensure()
    tls.ensure()
    return values


def _start_all(names: Iterable[str], values: Mapping[str, str]) -> None:
    """Start side by side, then wait for each: Keycloak's slow boot hides the others'.

    A process of ours that already runs is awaited, not started twice.
    """
    pending = []
    for name in names:
        service = SERVICES[name]
        if service.running():
            pending.append((service, None))
            continue
        taken = [port for port in service.ports if process.port_open(port)]
        if taken:
            raise process.StackError(f"port {taken[0]} is taken by another program, so {name} cannot start; "
                                     f"find it with `ss -ltnp 'sport = :{taken[0]}'`")
        pending.append((service, service.start(values)))
    for service, proc in pending:
        process.wait_until(service.ready, service.name, service.timeout, proc, place=layout.PLACE)


def up() -> dict[str, str]:
    """Everything up (what already runs is kept); returns the public URLs once all answer."""
    values = load_settings()
    layout.URLS_FILE.unlink(missing_ok=True)
    try:
        _start_all(["postgres"], values)
        postgres.create_databases(values)
        _start_all(["redis", "maildev"], values)
        prepare_bridge_database(values)
        # The first Keycloak node alone, then the rest: two nodes creating the schema of an
        # empty database at once collide in Liquibase's bookkeeping (the second one exits).
        first = layout.KEYCLOAK_NODES[0].name
        _start_all([first], values)
        _start_all([name for name in ORDER if name not in ("postgres", "redis", "maildev", first)], values)
    except BaseException:
        down()
        raise
    urls = public_urls()
    layout.URLS_FILE.write_text("".join(f"{name}={value}\n" for name, value in urls.items()))
    return urls


def public_urls() -> dict[str, str]:
    return {
        "KEYCLOAK_PUBLIC_URL": layout.KEYCLOAK_PUBLIC_URL,
        "BRIDGE_PUBLIC_URL": layout.BRIDGE_PUBLIC_URL,
        "CA_FILE": str(tls.CA_CERT),
        "REALM": "portail-famille",
        "FAMILY_ENTRY_URL": f"{layout.BRIDGE_PUBLIC_URL}/famille",
        "STAFF_URL": f"{layout.BRIDGE_PUBLIC_URL}/review",
        "ADMIN_CONSOLE_URL": f"{layout.KEYCLOAK_PUBLIC_URL}/admin/",
        "MAILDEV_URL": layout.MAILDEV_URL,
        "PROXY_METRICS_URL": f"{layout.PROXY_STATS_URL}/metrics",
        "KEYCLOAK_INTERNAL_URL": layout.KEYCLOAK_INTERNAL_URL,
        "BRIDGE_INTERNAL_URL": layout.BRIDGE_INTERNAL_URL,
        **{f"KEYCLOAK_NODE_{n.index}_URL": n.url for n in layout.KEYCLOAK_NODES},
        **{f"KEYCLOAK_NODE_{n.index}_MANAGEMENT_URL": f"http://{layout.HOST}:{n.management_port}"
           for n in layout.KEYCLOAK_NODES},
        **{f"BRIDGE_{b.index}_URL": b.url for b in layout.BRIDGES},
        "SETTINGS_FILE": str(layout.SECRETS_FILE),
    }


def down() -> list[str]:
    layout.URLS_FILE.unlink(missing_ok=True)
    return [name for name in reversed(ORDER) if SERVICES[name].halt()]


def stop_service(name: str, crash: bool = False) -> bool:
    """Stop one process (SIGTERM), or kill it as a crash would (SIGKILL)."""
    return SERVICES[name].halt(signal.SIGKILL if crash else signal.SIGTERM)


def start_service(name: str) -> None:
    _start_all([name], load_settings())
