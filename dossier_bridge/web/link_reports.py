"""`/signalement/<token>`: where the notice of a new link sends an adult who did not make it.

Public (the signed token is the proof that the notice reached this address),
a form with its CSRF token, the same answer however often it is sent.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from dossier_bridge.db import transaction
from dossier_bridge.models import AccountLink
from dossier_bridge.verification import link_notices
from dossier_bridge.web.context import sessions, settings

blueprint = Blueprint("link_reports", __name__, url_prefix="/signalement")


def _ticket(token: str) -> link_notices.ReportTicket | None:
    try:
        return link_notices.read_report_token(settings().api_secret, token)
    except link_notices.InvalidReportToken:
        return None


@blueprint.get("/<token>")
def form(token: str):
    ticket = _ticket(token)
    if ticket is None:
        return render_template("reports/invalid.html"), 404
    with sessions()() as session:
        link = session.get(AccountLink, ticket.link_id)
        if link is None:
            return render_template("reports/invalid.html"), 404
        return render_template("reports/form.html", link=link, token=token)


@blueprint.post("/<token>")
def submit(token: str):
    ticket = _ticket(token)
    if ticket is None:
        return render_template("reports/invalid.html"), 404
    try:
        with transaction(sessions()) as session:
            link_notices.report(session, ticket, request.form.get("comment"))
    except link_notices.InvalidReportToken:
        return render_template("reports/invalid.html"), 404
    return render_template("reports/received.html")
