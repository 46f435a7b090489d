"""`python -m prodstack run|up|stop|status`, and `start|stop|kill SERVICE` for failure drills.

  run     start everything, print the URLs, stop everything on Ctrl-C (make prod-like)
  up      start everything and return, leaving it running (tests, benchmarks)
  stop    stop everything a run started (make prod-like-stop)
  backup FOLDER, restore FOLDER   both databases, through scripts/backup.sh and scripts/restore.sh
"""

from __future__ import annotations

import sys
from pathlib import Path

from devstack import process
from devstack.process import StackError
from prodstack import backups, layout, stack
from prodstack.services import SERVICES


def _banner(urls: dict[str, str], values: dict[str, str]) -> str:
    return f"""
Portail Famille, production-like, is up: two Keycloak nodes, two bridges, two workers, behind HAProxy.

  Families' entry (https)  {urls['FAMILY_ENTRY_URL']}
  Keycloak (https)         {urls['KEYCLOAK_PUBLIC_URL']}/realms/{urls['REALM']}/account
  Staff review             {urls['STAFF_URL']}
  Keycloak admin console   {urls['ADMIN_CONSOLE_URL']}   ({values['KC_BOOTSTRAP_ADMIN_USERNAME']}, password in the settings file)
  Local CA certificate     {urls['CA_FILE']}   (trust it in your browser or pass it to curl --cacert)
  Proxy status, metrics    {layout.PROXY_STATS_URL}/stats, {urls['PROXY_METRICS_URL']}
  Mail (MailDev as relay)  {urls['MAILDEV_URL']}

  Settings and secrets     {urls['SETTINGS_FILE']}   (random values made at the first start; never commit it)
  URLs for scripts         {layout.URLS_FILE}
  Logs                     {layout.PLACE.logs}/

Staff accounts: give a Keycloak user the realm role agent-famille (no demo account in production).
Press Ctrl-C (or run `make prod-like-stop` elsewhere) to stop everything this run started."""


def run() -> int:
    print("Starting the production-like stack (Keycloak's build and two nodes take a few minutes on 2 cores)...",
          flush=True)
    try:
        urls = stack.up()
    except StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(_banner(urls, stack.load_settings()), flush=True)
    if process.wait_for_ctrl_c(gone=lambda: not any(service.running() for service in SERVICES.values())):
        # `make prod-like-stop` from another terminal: nothing of ours runs any more.
        print("\nThe production-like stack was stopped from elsewhere (make prod-like-stop?); exiting.", flush=True)
        return 0
    print("\nStopping the production-like stack...", flush=True)
    stack.down()
    return 0


def up() -> int:
    try:
        urls = stack.up()
    except StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("".join(f"{k}={v}\n" for k, v in urls.items()), end="")
    return 0


def stop() -> int:
    stopped = stack.down()
    print(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")
    return 0


def status() -> int:
    for name, service in SERVICES.items():
        print(f"{name:12} {'running' if service.running() else 'stopped'}")
    return 0


def main(argv: list[str]) -> int:
    commands = {"run": run, "up": up, "stop": stop, "status": status}
    if len(argv) == 1 and argv[0] in commands:
        return commands[argv[0]]()
    if len(argv) == 2 and argv[0] in ("backup", "restore"):
        try:
            getattr(backups, argv[0])(Path(argv[1]))
        except StackError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if len(argv) == 2 and argv[0] in ("start", "stop", "kill") and argv[1] in SERVICES:
        if argv[0] == "start":
            stack.start_service(argv[1])
        else:
            stack.stop_service(argv[1], crash=argv[0] == "kill")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
