"""The page as assistive technologies get it: Chromium's accessibility tree, through the DevTools protocol."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page


@dataclass(frozen=True)
class AxNode:
    role: str
    name: str
    description: str
    properties: dict = field(default_factory=dict)
    dom_id: str = ""
    tag: str = ""
    tabindex: str = ""


# Roles whose DOM element the checks need to know (its id, its tag).
CONTROL_ROLES = frozenset({
    "button", "link", "textbox", "searchbox", "combobox", "checkbox", "radio", "switch", "slider", "spinbutton",
    "tab", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "listbox", "treeitem",
    # Chromium's own roles for <summary> and the date and time fields.
    "DisclosureTriangle", "Date", "DateTime", "InputTime",
})
LANDMARK_ROLES = frozenset({"banner", "main", "contentinfo", "navigation", "complementary", "region", "search", "form"})
DESCRIBED_ROLES = CONTROL_ROLES | LANDMARK_ROLES | {"heading", "dialog", "alertdialog", "group"}


def tree(page: Page) -> list[AxNode]:
    """Every node of the tree that assistive technologies see (ignored nodes left out)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.getDocument", {"depth": -1})
        nodes = []
        for raw in cdp.send("Accessibility.getFullAXTree")["nodes"]:
            if raw.get("ignored"):
                continue
            properties = {p["name"]: p.get("value", {}).get("value") for p in raw.get("properties", [])}
            dom_id, tag, tabindex = "", "", ""
            role = raw.get("role", {}).get("value", "")
            if "backendDOMNodeId" in raw and (role in DESCRIBED_ROLES or properties.get("focusable")):
                described = cdp.send("DOM.describeNode", {"backendNodeId": raw["backendDOMNodeId"]})["node"]
                attributes = described.get("attributes", [])
                attributes = dict(zip(attributes[::2], attributes[1::2]))
                dom_id, tabindex = attributes.get("id", ""), attributes.get("tabindex", "")
                tag = described.get("localName", "")
            nodes.append(AxNode(
                role=role, name=(raw.get("name", {}).get("value") or "").strip(),
                description=(raw.get("description", {}).get("value") or "").strip(), properties=properties,
                dom_id=dom_id, tag=tag, tabindex=tabindex,
            ))
        return nodes
    finally:
        cdp.detach()
