"""Public pages for families: `/aide` (how to sign in and sign up) and `/accessibilite`, the statement built from the audit grid."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from flask import Blueprint, Flask, abort, render_template, send_file, url_for

from dossier_bridge.accessibility.audit import NOT_APPLICABLE, Audit, load
from dossier_bridge.accessibility.statement import Result, percent, result
from dossier_bridge.web.context import settings
from dossier_bridge.web.i18n import current_locale, translate

blueprint = Blueprint("pages", __name__)


def _login_url() -> str:
    return "/famille/connexion"


@blueprint.get("/aide")
def help_page():
    config = settings()
    return render_template("pages/aide.html", login_url=_login_url(),
                           account_url=f"{config.keycloak_public_url}/realms/{config.realm}/account")


@blueprint.get("/plan-du-site")
def sitemap():
    sections = [
        {"id": "familles", "title": "sitemapFamilies", "links": [
            ("sitemapSignIn", _login_url()), ("familySpaceTitle", url_for("family.space"))]},
        {"id": "informations", "title": "sitemapInformation", "links": [
            ("newsPublicTitle", url_for("news_api.page")), ("navHelp", url_for("pages.help_page")),
            ("a11yTitle", url_for("pages.accessibility")), ("sitemapTitle", url_for("pages.sitemap"))]},
        {"id": "agents", "title": "sitemapStaff", "links": [
            ("reviewQueueTitle", url_for("review.queue")), ("duplicatesTitle", url_for("review.duplicates")),
            ("linksTitle", url_for("review_links.index")), ("newsAdminTitle", url_for("news_admin.index"))]},
    ]
    return render_template("pages/plan_du_site.html", sections=sections)


@cache
def _audit(folder: Path) -> tuple[Audit, Result]:
    """Read once per process: the grid changes with a release, not while the bridge runs."""
    audit = load(folder)
    return audit, result(audit)


def accessibility_outcome() -> tuple[Audit, Result]:
    return _audit(settings().accessibility_audit_dir)


@blueprint.get("/accessibilite")
def accessibility():
    audit, outcome = accessibility_outcome()
    locale = current_locale()
    names = {page.id: page.name(locale) for page in audit.pages}
    not_applicable = sum(
        1 for row in audit.by_criterion().values() if row and all(a.status == NOT_APPLICABLE for a in row.values())
    )
    return render_template(
        "pages/accessibilite.html", audit=audit, outcome=outcome, page_names=names, not_applicable=not_applicable,
        named=lambda pages: ", ".join(names.get(page, page) for page in pages),
        rate=percent(outcome.rate, "," if locale == "fr" else ".") if outcome.rate is not None else None,
        average=percent(outcome.average_rate, "," if locale == "fr" else ".") if outcome.average_rate is not None else None,
        established=_long_date(audit.info.established), updated=_long_date(audit.info.updated or audit.info.established),
    )


@blueprint.get("/accessibilite/grille.csv")
def accessibility_grid():
    grid = settings().accessibility_audit_dir / "grid.csv"
    if not grid.is_file():
        abort(404)
    return send_file(grid, mimetype="text/csv", as_attachment=True, download_name="grille-audit-rgaa.csv")


def _long_date(day: dt.date | None) -> str:
    """"29 novembre 2026" / "29 November 2026"."""
    if day is None:
        return ""
    month = translate("a11yMonths").split(",")[day.month - 1]
    return f"{day.day} {month} {day.year}"


def init_app(app: Flask) -> None:
    """Every page's footer states the level of accessibility, as the law asks of the home page."""

    @app.context_processor
    def _accessibility_level():
        return {"accessibility_level": lambda: accessibility_outcome()[1].level}
