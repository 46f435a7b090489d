"""The theme's README describes the templates and macros the theme really has and uses."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "themes" / "portail-famille"
EXTENSION_TEMPLATES = ROOT / "keycloak" / "src" / "main" / "resources" / "theme-resources" / "templates"
README = (THEME / "README.md").read_text(encoding="utf-8")


def templates() -> list[Path]:
    return sorted((THEME / "login").glob("*.ftl")) + sorted(EXTENSION_TEMPLATES.glob("*.ftl"))


def test_every_template_is_described():
    for template in templates():
        assert f"`{template.name}`" in README, template.name


def test_every_macro_a_template_defines_is_described():
    for template in templates():
        for macro in re.findall(r"<#macro (\w+)", template.read_text(encoding="utf-8")):
            assert f"`{macro}`" in README, f"{template.name} defines {macro}"


def test_every_macro_the_readme_names_is_used_by_a_template():
    texts = [template.read_text(encoding="utf-8") for template in templates()]
    aliases = {alias for text in texts for alias in re.findall(r'<#import "[\w.-]+" as (\w+)>', text)}
    used = {call for text in texts for call in re.findall(r"<@([\w.]+)", text)}
    named = {f"{alias}.{name}" for alias, name in re.findall(r"`(\w+)\.(\w+)`", README)
             if alias in aliases and name != "ftl"}
    assert named, "the README names no macro call"
    assert named <= used, f"described but used by no template: {sorted(named - used)}"
