"""`python -m devstack run|stop`: the body of `make run` and `make stop`."""

from __future__ import annotations

import signal
import sys
import threading

from devstack import process, stack
from devstack.bootstrap import ensure_demo_staff
from devstack.paths import LOGS
from devstack.services import (
    ALL_SERVICES, BRIDGE_URL, FRANCECONNECT_STANDIN_ISSUER, KEYCLOAK_URL, MAILDEV_URL, REALM, SERVICES, dev_environment,
    titles,
)
from devstack.watch import Ended, Watch

POLL_SECONDS = 1.0


def run() -> int:
    env = dev_environment()
    print(f"Starting {titles()} (Keycloak takes a minute on 2 cores)...", flush=True)
    try:
        running = stack.up(env)
        ensure_demo_staff(env)
    except process.StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _print_banner(env, running)
    stopping = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stopping.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        ended = _wait(running, stopping)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if ended is None:
        print("\nStopping what this run started...", flush=True)
    else:
        print(f"\n{ended.message}; stopping the rest of what this run started...", flush=True,
              file=sys.stderr if ended.on_its_own else sys.stdout)
    running.stop()
    return 1 if ended is not None and ended.on_its_own else 0


def _wait(running: stack.RunningStack, stopping: threading.Event) -> Ended | None:
    """Until Ctrl-C (None), or until one of the services this run started is gone (why)."""
    watch = Watch(running.processes)
    while not stopping.wait(POLL_SECONDS):
        if ended := watch.check():
            return ended
    return None


def stop() -> int:
    stopped = stack.down()
    print(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")
    return 0


def _print_banner(env, running) -> None:
    reused = f" (already running, reused: {', '.join(running.reused)})" if running.reused else ""
    print(
        f"""
Portail Famille is up{reused}.

  Login page (families)   {KEYCLOAK_URL}/realms/{REALM}/account
  Family space            {BRIDGE_URL}/famille
  Staff review            {BRIDGE_URL}/review
  Bridge health           {BRIDGE_URL}/healthz
  Keycloak admin console  {KEYCLOAK_URL}/admin/   (dev default: {env['KC_BOOTSTRAP_ADMIN_USERNAME']} / {env['KC_BOOTSTRAP_ADMIN_PASSWORD']})
  MailDev (caught mail)   {MAILDEV_URL}   (SMTP on 127.0.0.1:{env['SMTP_PORT']})

  Demo staff account      {env['AGENT_DEMO_USERNAME']} / {env['AGENT_DEMO_PASSWORD']}   (group agents-famille: role agent-famille, dev only)
  Bridge API secret       {env['BRIDGE_API_SECRET']}   (BRIDGE_API_SECRET, dev default)

{franceconnect_help(env)}

  Logs in {LOGS}: {', '.join(process.log_file(name).name for name in ALL_SERVICES)}

Press Ctrl-C (or run `make stop` elsewhere) to stop everything this run started.""",
        flush=True,
    )


def franceconnect_help(env) -> str:
    """How to sign in with FranceConnect in this run: its local stand-in, another platform, or off."""
    if env.get("FRANCECONNECT_ENABLED", "").lower() != "true":
        return "  FranceConnect           off (FRANCECONNECT_ENABLED is not true)"
    issuer = env.get("FRANCECONNECT_ISSUER", "")
    if issuer != FRANCECONNECT_STANDIN_ISSUER:
        return f"  FranceConnect           {issuer}   (client {env.get('FRANCECONNECT_CLIENT_ID', '')})"
    return f"""  FranceConnect           local stand-in on {issuer}   (fictitious people, dev only)
    On the login page press « S’identifier avec FranceConnect », pick « Camille Marie LEFEVRE »,
    confirm her identity, then give dossier 104233: her birth date agrees with the dossier's.
    « Julien Pierre ROUSSEAU » has no dossier and fills in the family form; the namesake
    « Camille LEFEVRE » (born 02/09/1984) is refused dossier 104233. All of them:
    data/franceconnect-identities.json"""


def restart(names: list[str]) -> int:
    """Restart some services of a running dev stack in the background (after a code change)."""
    env = dev_environment()
    try:
        with process.restarting(names):  # a watching `make run` keeps going
            for name in names:
                process.stop(name)
            # Not reused: a service still answering after the stop is not ours to restart.
            stack.up(env, names, reuse=False)
        if "keycloak" in names:
            ensure_demo_staff(env)  # a reset realm has lost it
    except process.StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"restarted: {', '.join(names)}")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["restart"] and len(argv) > 1 and all(n in SERVICES for n in argv[1:]):
        return restart(argv[1:])
    commands = {"run": run, "stop": stop}
    if len(argv) != 1 or argv[0] not in commands:
        print("usage: python -m devstack run|stop|restart SERVICE...", file=sys.stderr)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
