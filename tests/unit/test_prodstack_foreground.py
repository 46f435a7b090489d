"""`make prod-like` in its terminal ends when the stack is stopped from another one (`make prod-like-stop`)."""

from __future__ import annotations

import prodstack.__main__ as prodstack_main


class _Service:
    def __init__(self, alive):
        self.alive = alive

    def running(self) -> bool:
        return self.alive()


def test_the_foreground_run_exits_saying_why_when_the_stack_was_stopped_elsewhere(monkeypatch, capsys):
    checks = iter([True, True, False])  # running, running, then `make prod-like-stop` elsewhere
    stopped_here = []
    monkeypatch.setattr(prodstack_main.stack, "up", lambda: {})
    monkeypatch.setattr(prodstack_main.stack, "load_settings", lambda: {})
    monkeypatch.setattr(prodstack_main.stack, "down", lambda: stopped_here.append(True))
    monkeypatch.setattr(prodstack_main, "_banner", lambda urls, settings: "banner")
    monkeypatch.setattr(prodstack_main, "SERVICES", {"keycloak-1": _Service(lambda: next(checks))})
    assert prodstack_main.run() == 0
    assert "stopped from elsewhere" in capsys.readouterr().out
    assert not stopped_here  # nothing left to stop
