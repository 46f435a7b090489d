"""A family name typed in the staff search reaches the page, not the bridge's access log."""

from __future__ import annotations

import uuid

import pytest

from devstack.paths import LOGS
from tests.support.family_space import BRIDGE, wait_until
from tests.support.staff import review_session


def test_a_staff_search_leaves_no_name_in_the_access_log(stack):
    if "bridge" not in stack.started:
        pytest.skip("the bridge was not started by this test session: its log is elsewhere")
    staff, _ = review_session("agent.demo", "Agent-Demo-2026!")
    name = f"Lefevrezz{uuid.uuid4().hex[:8]}"
    marker = f"/review/doublons-{uuid.uuid4().hex[:8]}"
    assert staff.get(f"{BRIDGE}/review/", params={"q": name}, timeout=15).status_code == 200
    staff.get(f"{BRIDGE}{marker}", timeout=15)  # a request logged after the search: the log has caught up
    log = LOGS / "bridge.log"
    wait_until(lambda: marker in log.read_text(encoding="utf-8", errors="replace"), "the access log to be written")
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "GET /review/ " in text
    assert name not in text
