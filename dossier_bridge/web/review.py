"""Staff review of family requests (`/review`)."""

from __future__ import annotations

from flask import Blueprint, render_template

from dossier_bridge.web.staff_auth import staff_required

blueprint = Blueprint("review", __name__, url_prefix="/review")


@blueprint.get("/")
@staff_required
def queue():
    return render_template("review/queue.html", requests=[], counts={})
