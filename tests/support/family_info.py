"""The `family-info` step of Keycloak, driven through its real form."""

from __future__ import annotations

from tests.support import oidc
from tests.support.signup import PORTAIL_REDIRECT, Family

CHILD_FIELDS = ("LastName", "FirstName", "BirthDate", "School")


def sign_in(family: Family) -> tuple[oidc.LoginPage, str, str]:
    """Sign in through the portail client; returns the page shown, the PKCE verifier and the state."""
    page, verifier, state = oidc.open_login("portail", PORTAIL_REDIRECT)
    answer = page.session.post(page.form_action("kc-form-login"),
                               data={"username": family.username, "password": family.password}, timeout=15)
    return oidc.LoginPage(page.session, answer), verifier, state


def form_values(page: oidc.LoginPage) -> dict[str, str]:
    form = page.soup.find("form", id="kc-family-info-form")
    assert form is not None, f"no family information form on {page.response.url}: {page.soup.get_text(' ', strip=True)[:300]}"
    return {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}


def family_fields(children: list[dict[str, str]], **overrides: str) -> dict[str, str]:
    fields = {
        "address": "12 rue du Bourg", "postalCode": "28000", "town": "Chartres", "phone": "02 37 11 22 33",
        "parent2LastName": "", "parent2FirstName": "", "parent2Email": "", "parent2Phone": "",
    }
    for index, child in enumerate(children):
        for name in CHILD_FIELDS:
            fields[f"child{index}{name}"] = child.get(name, "")
    fields.update(overrides)
    return fields


def submit(page: oidc.LoginPage, fields: dict[str, str], action: str = "submit"):
    data = form_values(page)
    data.update(fields)
    data["childCount"] = str(sum(1 for key in data if key.endswith("LastName") and key.startswith("child")))
    data["action"] = action
    answer = page.session.post(page.form_action("kc-family-info-form"), data=data, allow_redirects=False, timeout=15)
    return answer


def field_error(page: oidc.LoginPage, name: str) -> str:
    node = page.soup.find(id=f"input-error-{name}")
    return node.get_text(" ", strip=True) if node else ""
