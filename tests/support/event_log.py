"""Keycloak's event logs as the bridge's worker reads them, for unit tests (unit tests may stub I/O)."""

from __future__ import annotations

from dossier_bridge.keycloak_users import DirectoryUnavailable


class FakeEvents:
    """Keycloak's two event logs, oldest first, paged like the admin API."""

    def __init__(self, user_events=(), admin_events=(), down=False):
        self.user, self.admin, self.down = list(user_events), list(admin_events), down
        self.reads: list[tuple[str, int, int]] = []

    def _page(self, log, name, since, first, count):
        if self.down:
            raise DirectoryUnavailable("connection refused")
        self.reads.append((name, since, first))
        return [e for e in log if e["time"] >= since][first:first + count]

    def user_events(self, types, since_ms, first, count):
        return self._page([e for e in self.user if e["type"] in types], "user", since_ms, first, count)

    def user_deletions_by_admins(self, since_ms, first, count):
        return self._page(self.admin, "admin", since_ms, first, count)
