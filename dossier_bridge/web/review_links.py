"""Staff screens for account links (`/review/rattachements`): reported links first, then recent
links not confirmed by e-mail; on one link, undo it or close its report."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import selectinload

from dossier_bridge.db import transaction
from dossier_bridge.keycloak_sync import apply_one
from dossier_bridge.models import AccountLink
from dossier_bridge.review import link_decisions
from dossier_bridge.review.decisions import StaffMember
from dossier_bridge.web import params
from dossier_bridge.web.context import services, sessions
from dossier_bridge.web.staff_auth import current_staff, staff_required

blueprint = Blueprint("review_links", __name__, url_prefix="/review/rattachements")


@blueprint.get("/")
@staff_required
def index():
    with sessions()() as session:
        reported, recent = link_decisions.flagged_links(session)
        return render_template("review/links.html", reported=reported, recent=recent)


@blueprint.get("/<int:link_id>")
@staff_required
def show(link_id: int):
    return _render(link_id)


@blueprint.post("/<int:link_id>/annuler")
@staff_required
def undo(link_id: int):
    staff = _staff()
    try:
        with transaction(sessions()) as session:
            _, sync_id = link_decisions.undo(session, services().mail, link_id, staff, request.form.get("reason", ""))
    except link_decisions.EmptyReason:
        return _render(link_id, error="linkReasonRequired", status=422)
    except link_decisions.NotUndoable:
        return _render(link_id, error="linkAlreadyUndone", status=409)
    # Recorded; Keycloak is told now if it answers, by the worker otherwise.
    apply_one(sessions(), services().directory, sync_id)
    flash("linkUndone")
    return redirect(url_for("review_links.show", link_id=link_id), code=303)


@blueprint.post("/signalements/<int:report_id>/classer")
@staff_required
def dismiss(report_id: int):
    staff = _staff()
    link_id = params.form_int(request.form.get("link_id"))
    try:
        with transaction(sessions()) as session:
            link_decisions.dismiss(session, services().mail, report_id, staff, request.form.get("reason", ""))
    except link_decisions.EmptyReason:
        return _render(link_id, error="linkReasonRequired", status=422)
    except link_decisions.NotUndoable:
        return _render(link_id, error="linkReportAlreadyClosed", status=409)
    flash("linkReportClosed")
    return redirect(url_for("review_links.show", link_id=link_id), code=303)


def _staff() -> StaffMember:
    staff = current_staff()
    return StaffMember(staff["sub"], staff["username"])


def _render(link_id: int, error: str | None = None, status: int = 200):
    with sessions()() as session:
        link = session.get(AccountLink, link_id, options=[selectinload(AccountLink.reports),
                                                          selectinload(AccountLink.decisions)])
        if link is None:
            abort(404)
        return render_template("review/link.html", link=link, error=error), status
