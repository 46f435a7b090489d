"""The automated RGAA checks beyond axe-core, run by the browser suite on every page of the sample.

Each check looks at the page as it is and returns what is wrong, in
English, empty when nothing is; checks that change the page (zoom, forced
colours, text spacing, width) put it back as they found it. The criteria
each check gives evidence for are listed in ``docs/accessibility/checks.csv``
(the grid cites them as ``auto:<check>``); ``CHECKS`` below keeps the same
names, in the order they run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import requests
from playwright.sync_api import Page

from dossier_bridge.accessibility.audit import NOT_APPLICABLE, Audit
from dossier_bridge.branding import Branding
from tests.browser.rgaa import ax
from tests.browser.rgaa.expectations import NOT_USER_DATA, PAGE_PURPOSES, PRESENT, PURPOSES, STRICT, format_hint

_JS = Path(__file__).parent / "js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FOCUSABLE = ", ".join(f"{selector}:not([tabindex='-1'])" for selector in (
    "a[href]", "button:not([disabled])", "input:not([type=hidden]):not([disabled])", "select:not([disabled])",
    "textarea:not([disabled])", "summary", "[tabindex]"))
SKIP_LINK = "a.skip-link, a.pf-skip-link"
# RGAA 10.12: the text-spacing values of the methodology.
TEXT_SPACING = ("*, *::before, *::after { line-height: 1.5 !important; letter-spacing: 0.12em !important; "
                "word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }")
ERROR_PREFIX = {"fr": "Erreur", "en": "Error"}


@cache
def script(name: str) -> str:
    """A check's script, with the colour helpers in scope: `(arg) => …` for page.evaluate."""
    helpers = (_JS / "colour.js").read_text(encoding="utf-8")
    body = (_JS / f"{name}.js").read_text(encoding="utf-8")
    body = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("//"))
    return f"(arg) => {{ {helpers}\n return ({body})(arg); }}"


@dataclass
class Visit:
    """One page of the sample, in one language, and what the checks share about it."""

    page_id: str
    lang: str
    audit: Audit
    failed_long_form: bool = False
    axe: object | None = None
    markup_checker: Callable[[str], list[str]] | None = None
    branding: Branding = field(default_factory=Branding)
    _tree: list[ax.AxNode] | None = None

    def tree(self, page: Page) -> list[ax.AxNode]:
        if self._tree is None:
            self._tree = ax.tree(page)
        return self._tree


# ---- What the page is made of ----

def check_inventory(page: Page, visit: Visit) -> list[str]:
    """The grid says "non applicable" exactly where the page has none of the content a criterion is about."""
    found = page.evaluate(script("inventory"))
    problems = []
    for feature, criteria in STRICT.items():
        for criterion in criteria:
            na = visit.audit.status(criterion, visit.page_id) == NOT_APPLICABLE
            if found[feature] and na:
                problems.append(f"grid says {criterion} is NA but the page has {feature}: {found[feature][0]}")
            if not found[feature] and not na:
                problems.append(f"grid says {criterion} applies but the page has no {feature}")
    for feature, criteria in PRESENT.items():
        for criterion in criteria:
            if found[feature] and visit.audit.status(criterion, visit.page_id) == NOT_APPLICABLE:
                problems.append(f"grid says {criterion} is NA but the page has {feature}: {found[feature][0]}")
    return problems


def check_axe(page: Page, visit: Visit) -> list[str]:
    """axe-core: WCAG 2.0, 2.1 and 2.2 A/AA rules and best practices, no violation."""
    results = visit.axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [f"axe {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


def check_markup(page: Page, visit: Visit) -> list[str]:
    """The generated source is valid HTML (W3C Nu checker): nesting, unique ids, known attributes."""
    return visit.markup_checker(page.content()) if visit.markup_checker else ["no markup checker"]


def check_css_content(page: Page, _visit: Visit) -> list[str]:
    """No information written by style sheets only: it would be lost with styles off."""
    return [f"text only in CSS: {item}" for item in page.evaluate(script("css_content"))]


# ---- Forms ----

def check_autocomplete(page: Page, visit: Visit) -> list[str]:
    """Each field of the user's own data has its WCAG 1.3.5 purpose, valid as the browser reads it."""
    problems = []
    expected = {**PURPOSES, **PAGE_PURPOSES.get(visit.page_id, {})}
    for f in page.evaluate(script("fields")):
        name = f["name"] or f["id"]
        if f["readonly"]:
            continue
        if name in expected:
            tokens = (f["autocomplete_idl"] or "").split()
            purpose = [t for t in tokens if t != "webauthn"][-1:] or [""]
            if not f["autocomplete_idl"] and f["autocomplete"]:
                problems.append(f"{name}: autocomplete={f['autocomplete']!r} is not a valid purpose")
            elif purpose[0] != expected[name]:
                problems.append(f"{name}: purpose {purpose[0] or 'missing'!r}, expected {expected[name]!r}")
        elif not NOT_USER_DATA.match(name):
            problems.append(f"{name}: unclassified field (tests/browser/rgaa/expectations.py: user data or not?)")
        elif f["autocomplete_idl"] not in ("", "off"):
            problems.append(f"{name}: not the user's own data, yet autocomplete={f['autocomplete']!r}")
    return problems


def check_form_hints(page: Page, visit: Visit) -> list[str]:
    """Required marks and format rules are visible and linked to their field before submission; errors are linked after."""
    fields = page.evaluate(script("fields"))
    descriptions = {n.dom_id: n.description for n in visit.tree(page) if n.dom_id}
    problems = []
    for f in fields:
        name = f["name"] or f["id"]
        for ref in f["described_by"]:
            if not ref["exists"]:
                problems.append(f"{name}: aria-describedby names #{ref['id']}, which does not exist")
            elif not ref["visible"]:
                problems.append(f"{name}: its description #{ref['id']} is not visible")
        description = descriptions.get(f["id"], "")
        hint = format_hint(visit.page_id, name)
        if hint and not f["readonly"] and not hint.search(description):
            problems.append(f"{name}: no format hint in its description ({description!r})")
        if f["required"] and not f["marked"]:
            problems.append(f"{name}: required but its label has no mark")
        if f["invalid"] and not description:
            problems.append(f"{name}: in error, but no message is linked to it")
    if any(f["required"] for f in fields):
        legend = page.locator("main").inner_text()
        if not re.search(r"\*[^\n]{0,40}(obligatoire|required)|(obligatoires?|required)[^\n]{0,60}\*", legend, re.I):
            problems.append("required fields, but no note saying what the * means")
    return problems


def check_error_summary(page: Page, visit: Visit) -> list[str]:
    """After a failed submit of a long form: a summary at the top, focused, one link per field in error."""
    summary = page.locator("[data-error-summary]")
    if not visit.failed_long_form:
        return []
    if summary.count() != 1:
        return [f"{summary.count()} error summaries after a failed submit, expected one"]
    problems = []
    if not summary.evaluate("s => s === document.activeElement"):
        problems.append("the error summary does not have the focus")
    if not summary.evaluate("s => !!s.closest('main') && [...document.querySelectorAll('main form')]"
                            ".every(f => s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING)"):
        problems.append("the error summary is not at the top of the main content, before the form")
    if summary.locator("h2, h3").count() == 0:
        problems.append("the error summary has no heading")
    invalid = page.evaluate("() => [...document.querySelectorAll('[aria-invalid=true]')]"
                            ".filter(e => e.offsetParent).map(e => e.id)")
    targets = summary.locator("a[href^='#']").evaluate_all("links => links.map(a => a.getAttribute('href').slice(1))")
    if sorted(set(targets)) != sorted(set(invalid)):
        problems.append(f"summary links {targets}, fields in error {invalid}")
    if targets:
        link = summary.locator("a[href^='#']").first
        link.focus()
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != targets[0]:
            problems.append(f"following the first error link does not move the focus to #{targets[0]}")
    if not page.title().startswith(ERROR_PREFIX[visit.lang]):
        problems.append(f"the title does not say the form has errors: {page.title()!r}")
    return problems


# ---- Titles, languages, structure, names ----

def check_title(page: Page, visit: Visit) -> list[str]:
    """The title names the page (its main heading), then the site; an error state says so first."""
    title = page.title()
    site = f" – {visit.branding.portal_name} – {visit.branding.city_name}"
    problems = []
    if not title.endswith(site) or len(title) <= len(site):
        return [f"title {title!r} does not end with the site's name {site!r}"]
    h1 = " ".join(page.locator("h1").first.inner_text().split()) if page.locator("h1").count() else ""
    specific = title[: -len(site)]
    if h1 and h1.casefold() not in specific.casefold():
        problems.append(f"title {title!r} does not name the page's heading {h1!r}")
    errors = visit.failed_long_form or page.locator("[aria-invalid=true]").count() > 0
    if errors and not specific.startswith(ERROR_PREFIX[visit.lang]):
        problems.append(f"the page shows errors but its title does not say so: {title!r}")
    return problems


def check_language(page: Page, visit: Visit) -> list[str]:
    """The page's language, valid codes, and each passage in the other language marked as such."""
    found = page.evaluate(script("language"))
    problems = []
    if found["page"] != visit.lang:
        problems.append(f"<html lang={found['page']!r}>, expected {visit.lang!r}")
    problems += [f"invalid language code {code!r}" for code in found["invalid"]]
    if not found["switches"]:
        problems.append("no link to the other language")
    for link in found["switches"]:
        if (link["lang"] or "").split("-")[0] != link["hreflang"].split("-")[0]:
            problems.append(f"the link {link['text']!r} to {link['hreflang']} is not marked lang={link['hreflang']}")
    problems += [f"text in the other language without lang: {text!r}" for text in found["untagged"]]
    return problems


def check_structure(page: Page, visit: Visit) -> list[str]:
    """One h1, no skipped heading level, named headings; header, nav, main and footer as landmarks."""
    nodes = visit.tree(page)
    problems = []
    headings = [(int(n.properties.get("level") or 0), n.name) for n in nodes if n.role == "heading"]
    levels = [level for level, _ in headings]
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} level-1 headings, expected one")
    problems += [f"heading level jumps from {a} to {b}" for a, b in zip(levels, levels[1:]) if b > a + 1]
    problems += ["a heading without text" for _, name in headings if not name]
    for role, tag in (("banner", "header"), ("main", "main"), ("contentinfo", "footer")):
        found = [n for n in nodes if n.role == role]
        if len(found) != 1:
            problems.append(f"{len(found)} {role} landmarks, expected one")
        elif found[0].tag != tag:
            problems.append(f"the {role} landmark is a <{found[0].tag}>, expected <{tag}>")
    navigations = [n.name for n in nodes if n.role == "navigation"]
    if not navigations:
        problems.append("no navigation landmark")
    if len(navigations) > 1 and (not all(navigations) or len(set(navigations)) != len(navigations)):
        problems.append(f"navigation landmarks need distinct names: {navigations}")
    return problems


_LABEL_IN_NAME = """() => [...document.querySelectorAll('a[href][aria-label], button[aria-label], a[href][aria-labelledby], button[aria-labelledby]')]
  .filter(e => e.offsetParent && e.innerText.trim())
  .map(e => ({text: e.innerText.replace(/\\s+/g, ' ').trim(),
              name: e.getAttribute('aria-label') || (e.getAttribute('aria-labelledby') || '').split(/\\s+/)
                .map(id => (document.getElementById(id) || {textContent: ''}).textContent).join(' ').replace(/\\s+/g, ' ').trim()}))"""


def check_names_roles(page: Page, visit: Visit) -> list[str]:
    """From the accessibility tree: every control has a role and a name, and its name contains its visible label."""
    problems = []
    for node in visit.tree(page):
        if node.role in ax.CONTROL_ROLES and not node.name:
            problems.append(f"{node.role} #{node.dom_id or '?'} has no accessible name")
        if (node.properties.get("focusable") and node.role not in ax.CONTROL_ROLES and node.role != "RootWebArea"
                and not (node.role == "region" and node.name)
                and node.tabindex != "-1"):
            problems.append(f"#{node.dom_id or node.tag} is in the tab order with role {node.role!r}, not a control's")
    labels = {f["id"]: f["label"].replace("*", "").strip() for f in page.evaluate(script("fields")) if f["label"]}
    for node in visit.tree(page):
        label = labels.get(node.dom_id)
        if label and label.casefold() not in node.name.casefold():
            problems.append(f"field #{node.dom_id}: name {node.name!r} does not contain its label {label!r}")
    for item in page.evaluate(_LABEL_IN_NAME):
        if item["text"].casefold() not in item["name"].casefold():
            problems.append(f"control labelled {item['text']!r} is named {item['name']!r}")
    return problems


# ---- Keyboard and focus ----

def check_skip_link(page: Page, _visit: Visit) -> list[str]:
    """The first stop is a "go to content" link, visible when focused, that moves the focus into main."""
    first = page.evaluate("([focusable, skip]) => { const e = [...document.querySelectorAll(focusable)]"
                          ".find(e => e.offsetParent || e.matches(skip)); return !!e && e.matches(skip); }", [FOCUSABLE, SKIP_LINK])
    if not first:
        return ["the first focusable element is not the skip link"]
    link = page.locator(SKIP_LINK)
    link.focus()
    box = link.bounding_box()
    problems = []
    if not box or box["width"] < 10 or box["height"] < 10 or box["y"] < 0 or box["x"] < 0:
        problems.append(f"the skip link is not visible when focused ({box})")
    page.keyboard.press("Enter")
    if not page.evaluate("document.activeElement.tagName") == "MAIN":
        problems.append("following the skip link does not move the focus to <main>")
    page.keyboard.press("Tab")
    main_has_controls = page.evaluate("f => [...document.querySelectorAll('main ' + f.split(', ').join(', main '))]"
                                      ".some(e => e.offsetParent)", FOCUSABLE)
    if main_has_controls and not page.evaluate("!!document.activeElement.closest('main')"):
        problems.append("after the skip link, Tab leaves the main content")
    return problems


def check_keyboard(page: Page, _visit: Visit) -> list[str]:
    """Tab reaches every control once, in document order, never sticks, and the focus is always visible."""
    problems = []
    if page.locator("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").count():
        problems.append("an element has a positive tabindex: the tab order no longer follows the page")
    expected = page.evaluate(f"() => [...document.querySelectorAll({FOCUSABLE!r})]"
                             ".filter(e => (e.offsetParent || e.matches('.skip-link, .pf-skip-link')) && !e.closest('[inert]')).length")
    page.locator(SKIP_LINK).focus()
    seen: list[str] = []
    repeats = 0
    indicator = script("focus_indicator")
    for _ in range(expected + 15):
        state = page.evaluate(indicator)
        if state is None:
            break
        if seen and state["key"] == seen[0]:
            break
        if seen and state["key"] == seen[-1] and repeats < 4:
            # A date field takes several Tab stops (day, month, year) within one element.
            repeats += 1
            page.keyboard.press("Tab")
            continue
        repeats = 0
        if state["key"] in seen:
            problems.append(f"keyboard trap: Tab came back to {state['element']}")
            break
        seen.append(state["key"])
        if not state["visible"]:
            problems.append(f"focus not visible on {state['element']}: {state['why']}")
        page.keyboard.press("Tab")
    if len(seen) < expected:
        problems.append(f"Tab reached {len(seen)} of {expected} focusable elements")
    return problems


_FOCUS_EACH = """() => [...document.querySelectorAll(%s)]
  .filter(e => e.offsetParent && !e.closest('[inert]'))
  .map(e => { e.focus({focusVisible: true}); return (%s)(); }).filter(Boolean)"""


def check_forced_colours(page: Page, _visit: Visit) -> list[str]:
    """In forced colours (Windows contrast themes): focus still visible, controls keep their edges."""
    normal = {c["key"]: c for c in page.evaluate(script("boundaries"))}
    page.emulate_media(forced_colors="active")
    try:
        indicator = (_JS / "focus_indicator.js").read_text(encoding="utf-8")
        indicator = "\n".join(line for line in indicator.splitlines() if not line.lstrip().startswith("//"))
        each = "(arg) => { " + (_JS / "colour.js").read_text(encoding="utf-8") + "\n return (" + (
            _FOCUS_EACH % (repr(FOCUSABLE), indicator)) + ")(); }"
        problems = [f"forced colours: focus not visible on {s['element']}: {s['why']}"
                    for s in page.evaluate(each) if not s["visible"]]
        for control in page.evaluate(script("boundaries")):
            before = normal.get(control["key"])
            drawn = before and (before["border"] or before["fill_ratio"] >= 1.5)
            if drawn and not control["border"]:
                problems.append(f"forced colours: {control['element']} loses its edge (it is drawn by its fill only)")
        return problems
    finally:
        page.emulate_media(forced_colors="none")
        page.evaluate("document.activeElement && document.activeElement.blur()")


def check_non_text_contrast(page: Page, _visit: Visit) -> list[str]:
    """Text fields and buttons have an edge of 3:1 against their background (a text-only button is text)."""
    problems = []
    for control in page.evaluate(script("boundaries")):
        if control["text_field"]:
            if control["border_ratio"] < 3:
                problems.append(f"{control['element']}: border contrast {control['border_ratio']:.2f}:1")
        elif (control["border"] or control["fill_ratio"] > 1.1) and max(control["border_ratio"], control["fill_ratio"]) < 3:
            problems.append(f"{control['element']}: edge contrast {max(control['border_ratio'], control['fill_ratio']):.2f}:1")
    return problems


# ---- Presentation: zoom, spacing, width, motion ----

def check_zoom(page: Page, _visit: Visit) -> list[str]:
    """200 %: the browser's zoom (a 1280 px window zoomed is 640 CSS px at 2 device pixels) and a doubled text size."""
    before = set(page.evaluate(script("loss")))
    cdp = page.context.new_cdp_session(page)
    problems = []
    try:
        cdp.send("Emulation.setDeviceMetricsOverride", {"width": 640, "height": 450, "deviceScaleFactor": 2, "mobile": False})
        problems += [f"zoom 200 %: {p}" for p in page.evaluate(script("loss")) if p not in before]
        cdp.send("Emulation.clearDeviceMetricsOverride")
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        problems += [f"text 200 %: {p}" for p in page.evaluate(script("loss")) if p not in before]
    finally:
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
        cdp.detach()
    return problems


def check_text_spacing(page: Page, _visit: Visit) -> list[str]:
    """RGAA's text spacing (line 1.5, paragraphs 2em, letters 0.12em, words 0.16em) loses nothing."""
    before = set(page.evaluate(script("loss")))
    # A constructed style sheet, as a user style sheet would be: the pages' CSP refuses an inline <style>.
    page.evaluate("css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css); sheet.rgaa = true;"
                  " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }", TEXT_SPACING)
    try:
        return [f"text spacing: {p}" for p in page.evaluate(script("loss")) if p not in before]
    finally:
        page.evaluate("() => { document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => !s.rgaa); }")


def check_reflow(page: Page, _visit: Visit) -> list[str]:
    """At 320 CSS px wide: no sideways scrolling, nothing cut, nothing drawn over something else."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        return [f"320 px: {p}" for p in page.evaluate(script("loss")) + page.evaluate(_ORDER, [FOCUSABLE])]
    finally:
        page.set_viewport_size(size)


# In one column, the focus order (the document's) must go down the page: a control drawn above the
# one before it was moved by CSS (order, absolute position), and Tab would jump back up (RGAA 12.8).
_ORDER = """([focusable]) => {
  const found = [];
  let furthest = null;
  const name = el => el.textContent.trim().slice(0, 30) || el.id || el.tagName.toLowerCase();
  for (const el of document.querySelectorAll(focusable)) {
    if (!el.offsetParent || el.closest('[inert]') || getComputedStyle(el).position === 'absolute') continue;
    const box = el.getBoundingClientRect();
    if (furthest && box.bottom < furthest.top - 1) {
      found.push(`the focus goes from ${furthest.name} back up to ${name(el)}, drawn above it`);
    } else if (!furthest || box.top > furthest.top) {
      furthest = {top: box.top, name: name(el)};
    }
  }
  return found;
}"""


def check_motion(page: Page, _visit: Visit) -> list[str]:
    """Nothing moves when reduced motion is asked for; nothing loops forever otherwise."""
    problems = [f"{m['kind']} {m['name']} on {m['where']} never stops" for m in page.evaluate(script("motion")) if m["infinite"]]
    page.emulate_media(reduced_motion="reduce")
    try:
        problems += [f"reduced motion: {m['kind']} {m['name']} on {m['where']}" for m in page.evaluate(script("motion"))]
    finally:
        page.emulate_media(reduced_motion="no-preference")
    return problems


# In the order they run: the ones that only read first, then keyboard, then those that change the page.
CHECKS: dict[str, Callable[[Page, Visit], list[str]]] = {
    "inventory": check_inventory,
    "markup": check_markup,
    "css_content": check_css_content,
    "autocomplete": check_autocomplete,
    "form_hints": check_form_hints,
    "title": check_title,
    "language": check_language,
    "structure": check_structure,
    "names_roles": check_names_roles,
    "non_text_contrast": check_non_text_contrast,
    "axe": check_axe,
    "error_summary": check_error_summary,
    "skip_link": check_skip_link,
    "keyboard": check_keyboard,
    "forced_colours": check_forced_colours,
    "motion": check_motion,
    "zoom": check_zoom,
    "text_spacing": check_text_spacing,
    "reflow": check_reflow,
}


def run_all(page: Page, visit: Visit) -> dict[str, list[str]]:
    """Every check on the page; the problems of each, only for those that found some."""
    found = {}
    for name, check in CHECKS.items():
        problems = check(page, visit)
        if problems:
            found[name] = problems
    return found


def nu_checker(url: str) -> Callable[[str], list[str]]:
    """Sends a page's source to a running W3C Nu checker; its errors, as short lines."""

    def check(html: str) -> list[str]:
        answer = requests.post(f"{url}/?out=json", data=html.encode("utf-8"),
                               headers={"Content-Type": "text/html; charset=utf-8"}, timeout=60)
        answer.raise_for_status()
        return [f"line {m.get('lastLine')}: {m.get('message')}" for m in answer.json().get("messages", [])
                if m.get("type") == "error"]

    return check
