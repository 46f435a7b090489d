"""Retention periods and the privacy notice's facts are settings, with defaults a DPO can defend."""

from __future__ import annotations

import pytest

from dossier_bridge.config import ConfigError, Settings
from dossier_bridge.data_protection import RetentionPeriods


def test_the_defaults_are_the_documented_ones():
    retention = Settings.from_env({}).retention
    assert retention == RetentionPeriods()
    assert (retention.verification_attempts_days, retention.unactivated_accounts_days,
            retention.inactive_accounts_days, retention.inactive_notice_days) == (180, 30, 1095, 30)


def test_each_period_has_its_variable():
    settings = Settings.from_env({"BRIDGE_RETENTION_MAIL_BODY_DAYS": "7", "BRIDGE_RETENTION_REGISTRY_DAYS": "730",
                                  "PORTAIL_DPO_CONTACT": "dpo@dreux.example"})
    assert settings.retention.mail_body_days == 7 and settings.retention.registry_days == 730
    assert settings.data_controller.dpo_contact == "dpo@dreux.example"


@pytest.mark.parametrize("env, named", [
    ({"BRIDGE_RETENTION_MAIL_BODY_DAYS": "0"}, "BRIDGE_RETENTION_MAIL_BODY_DAYS"),
    ({"BRIDGE_RETENTION_RELEASED_LINKS_DAYS": "un an"}, "BRIDGE_RETENTION_RELEASED_LINKS_DAYS"),
    ({"BRIDGE_RETENTION_INACTIVE_NOTICE_DAYS": "2000"}, "BRIDGE_RETENTION_INACTIVE_NOTICE_DAYS"),
])
def test_an_unusable_period_stops_the_start_naming_the_variable(env, named):
    with pytest.raises(ConfigError, match=named):
        Settings.from_env(env)
