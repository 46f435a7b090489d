"""The Java options every Keycloak of the project starts with."""

from __future__ import annotations

from devstack import keycloak_jvm


def test_the_argon2_inlining_is_added_to_an_empty_environment():
    env = keycloak_jvm.with_java_options({"PATH": "/usr/bin"})
    assert env["JAVA_OPTS_APPEND"] == keycloak_jvm.ARGON2_INLINING
    assert env["PATH"] == "/usr/bin"


def test_options_the_operator_appended_are_kept():
    env = keycloak_jvm.with_java_options({"JAVA_OPTS_APPEND": "-Xlog:gc"})
    assert env["JAVA_OPTS_APPEND"].split() == ["-Xlog:gc", keycloak_jvm.ARGON2_INLINING]


def test_the_option_is_not_added_twice():
    once = keycloak_jvm.with_java_options({})
    assert keycloak_jvm.with_java_options(once) == once
