"""`/confidentialite`: the privacy notice, filled from the settings (controller, DPO, retention periods)."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, render_template

from dossier_bridge.data_protection import RetentionPeriods
from dossier_bridge.web.context import settings
from dossier_bridge.web.i18n import translate as _

blueprint = Blueprint("privacy_notice", __name__)


def duration(days: int) -> str:
    """A retention period as people say it: years, months, or days."""
    if days % 365 == 0:
        return _("durationYears", count=days // 365) if days > 365 else _("durationOneYear")
    if days % 30 == 0 and days >= 60:
        return _("durationMonths", count=days // 30)
    return _("durationDays", count=days) if days > 1 else _("durationOneDay")


@blueprint.get("/confidentialite")
def notice():
    config = settings()
    return render_template("pages/confidentialite.html", controller=config.data_controller,
                           retention=asdict(config.retention), retention_names=RetentionPeriods.names(),
                           duration=duration)
