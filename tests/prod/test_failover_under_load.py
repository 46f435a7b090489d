"""Killing a Keycloak node and a bridge during 60 s of sign-ins and sign-ups loses no sign-up and sends no e-mail twice."""

from __future__ import annotations

import collections
import re

from bench.prod import failover_drill, failover_report
from tests.prod.site import wait_for
from tests.support import maildev

ACTIVATION = re.compile(r"login-actions/action-token\?key=([\w.-]+)")


def test_kill_a_node_and_a_bridge_under_load(site, tmp_path):
    drill = failover_drill(site, tmp_path, seconds=60)
    print("\n".join(failover_report(drill)))  # the error rate, in the test's output
    ledger = drill.result.ledger
    assert ledger, "no sign-up ran during the load"
    assert drill.result.total.requests > 0

    # No family was left with an answer it could not understand: every attempt either finished or said, in
    # French, to try again; and the families that tried again finished.
    assert not [e for e in ledger if "lost" in e["attempts"] or e["outcome"] == "lost"], ledger
    assert [e for e in ledger if e["outcome"] != "finished"] == []

    # Each account exists and either carries its dossier (with a live link in the bridge) or, when the link
    # could not be recorded, goes on as a sign-up without number (the family information step).
    admin = site.admin()
    for entry in ledger:
        user = admin.get_users({"username": entry["username"], "exact": True})
        assert len(user) == 1, entry
        user = admin.get_user(user[0]["id"])
        if user.get("attributes", {}).get("dossierStatus") == ["linked"]:
            links = site.bridge_sql("SELECT l.status FROM account_link l JOIN dossier d ON d.id = l.dossier_id "
                                    f"WHERE d.number = '{entry['dossier_number']}' AND l.keycloak_user_id = '{user['id']}'")
            assert links in ([["pending_activation"]], [["active"]]), (entry, links)
        else:
            assert "family-info" in user["requiredActions"], (entry, user)

    # One activation e-mail per sign-up that finished at its first try; never the same message twice.
    def mails_arrived():
        addresses = {m for mail in maildev.all_mail() for m in mail.to}
        return all(e["email"] in addresses for e in ledger)

    wait_for(mails_arrived, 120, "the activation e-mails")
    by_address = collections.defaultdict(list)
    for mail in maildev.all_mail():
        for address in mail.to:
            by_address[address].append(mail)
    for entry in ledger:
        mails = by_address[entry["email"]]
        keys = [ACTIVATION.search(m.html).group(1) for m in mails if ACTIVATION.search(m.html)]
        assert len(keys) == len(set(keys)), (entry, "the same activation e-mail arrived twice")
        if entry["attempts"] == ["finished"]:
            assert len(mails) == 1, (entry, [m.subject for m in mails])
