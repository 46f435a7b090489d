"""Staff management of the news shown on the login page (`/review/actualites`).

Staff only (Keycloak sign-in with the `agent-famille` role); every form
carries a CSRF token (Flask-WTF) and every change records who made it.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from dossier_bridge import news
from dossier_bridge.db import transaction
from dossier_bridge.models import NewsItem
from dossier_bridge.web.context import sessions
from dossier_bridge.web.i18n import translate as _
from dossier_bridge.web.staff_auth import current_staff, staff_required

blueprint = Blueprint("news_admin", __name__, url_prefix="/review/actualites")


def _web_address(_form, field) -> None:
    if field.data and news.safe_link(field.data) is None:
        raise ValidationError("not an http(s) address")


class NewsForm(FlaskForm):
    title = StringField(validators=[DataRequired(), Length(max=200)])
    news_date = DateField(validators=[DataRequired()])
    summary = TextAreaField(validators=[DataRequired(), Length(max=4000)])
    link_url = StringField(validators=[Optional(), Length(max=500), _web_address])
    published = BooleanField()

    def localise(self) -> "NewsForm":
        """Labels and error texts from the message bundles (French first)."""
        for name in ("title", "news_date", "summary", "link_url", "published"):
            self[name].label.text = _(f"newsField_{name}")
        return self


class ConfirmForm(FlaskForm):
    """A bare form: only its CSRF token matters (publish, unpublish, delete)."""


def _errors(form: NewsForm) -> dict[str, str]:
    """One French message per field in error."""
    messages = {}
    for name, errors in form.errors.items():
        if errors:
            messages[name] = _(f"newsError_{name}")
    return messages


def _who() -> str:
    staff = current_staff() or {}
    return staff.get("username") or staff.get("sub") or "?"


@blueprint.get("/")
@staff_required
def index():
    with sessions()() as session:
        items = news.all_items(session)
        return render_template("news/admin_list.html", items=items, confirm=ConfirmForm())


@blueprint.route("/nouvelle", methods=["GET", "POST"])
@staff_required
def create():
    form = NewsForm().localise()
    if not form.is_submitted():
        form.news_date.data = dt.date.today()
        form.published.data = True
    if form.validate_on_submit():
        with transaction(sessions()) as session:
            item = NewsItem(updated_by=_who())
            _fill(item, form)
            session.add(item)
        flash(_("newsCreated"))
        return redirect(url_for("news_admin.index"))
    return render_template("news/admin_form.html", form=form, errors=_errors(form), item=None), (400 if form.is_submitted() else 200)


@blueprint.route("/<int:item_id>", methods=["GET", "POST"])
@staff_required
def edit(item_id: int):
    with sessions()() as session:
        item = session.get(NewsItem, item_id) or abort(404)
    form = NewsForm(obj=item).localise()
    if form.validate_on_submit():
        with transaction(sessions()) as session:
            stored = session.get(NewsItem, item_id) or abort(404)
            _fill(stored, form)
            stored.updated_by = _who()
        flash(_("newsUpdated"))
        return redirect(url_for("news_admin.index"))
    return render_template("news/admin_form.html", form=form, errors=_errors(form), item=item), (400 if form.is_submitted() else 200)


@blueprint.post("/<int:item_id>/publication")
@staff_required
def toggle(item_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with transaction(sessions()) as session:
        item = session.get(NewsItem, item_id) or abort(404)
        item.published = not item.published
        item.updated_by = _who()
        published = item.published
    flash(_("newsPublished") if published else _("newsUnpublished"))
    return redirect(url_for("news_admin.index"))


@blueprint.route("/<int:item_id>/suppression", methods=["GET", "POST"])
@staff_required
def delete(item_id: int):
    """GET asks for confirmation (RGAA 11.12: a deletion cannot be undone); POST deletes."""
    if request.method == "GET":
        with sessions()() as session:
            item = session.get(NewsItem, item_id) or abort(404)
            return render_template("news/admin_delete.html", item=item, confirm=ConfirmForm())
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with transaction(sessions()) as session:
        item = session.get(NewsItem, item_id) or abort(404)
        session.delete(item)
    flash(_("newsDeleted"))
    return redirect(url_for("news_admin.index"))


def _fill(item: NewsItem, form: NewsForm) -> None:
    item.title = form.title.data.strip()
    item.news_date = form.news_date.data
    item.summary = form.summary.data.strip()
    item.link_url = (form.link_url.data or "").strip() or None
    item.published = bool(form.published.data)
