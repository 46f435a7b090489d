"""Each benchmark owns one marked section of docs/benchmarks.md and replaces only that."""

from __future__ import annotations

from devstack.paths import ROOT

RESULTS = ROOT / "docs" / "benchmarks.md"


def write_section(name: str, title: str, report: str) -> None:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    section = f"{start}\n## {title}\n\n{report}\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")
