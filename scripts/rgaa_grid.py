"""Keep the RGAA audit grid (docs/accessibility/grid.csv).

    python scripts/rgaa_grid.py check                    what is missing, and what the statement will say
    python scripts/rgaa_grid.py add-page NEW --like OLD  give a new sample page the rows of a similar one
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dossier_bridge.accessibility.audit import load, problems  # noqa: E402
from dossier_bridge.accessibility.statement import percent, result  # noqa: E402

AUDIT = Path(__file__).resolve().parents[1] / "docs" / "accessibility"


def check(folder: Path) -> int:
    audit = load(folder)
    found = problems(audit)
    for problem in found:
        print(problem)
    outcome = result(audit)
    if outcome.complete:
        print(f"{outcome.respected} of {outcome.applicable} applicable criteria respected: {percent(outcome.rate)} %, "
              f"conformité {outcome.level}")
        for failed in outcome.non_conformities:
            print(f"  NC {failed.criterion} on {', '.join(failed.pages)}: {' / '.join(failed.notes)}")
    else:
        print("incomplete audit: the statement says non conforme")
    return 1 if found else 0


def add_page(folder: Path, new: str, like: str) -> int:
    path = folder / "grid.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    if any(row["page"] == new for row in rows):
        print(f"{new} already has rows in grid.csv", file=sys.stderr)
        return 1
    copied = [{**row, "page": new} for row in rows if row["page"] == like]
    if not copied:
        print(f"{like} has no rows in grid.csv", file=sys.stderr)
        return 1
    # Page by page, as the file is kept: the new page's rows right after the page they copy.
    after = max(i for i, row in enumerate(rows) if row["page"] == like) + 1
    rows = rows[:after] + copied + rows[after:]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(copied)} rows copied from {like} to {new}: review each status, then run `check`")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--audit", type=Path, default=AUDIT, help="the audit folder (docs/accessibility)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check")
    adding = commands.add_parser("add-page")
    adding.add_argument("new")
    adding.add_argument("--like", required=True)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.audit)
    return add_page(args.audit, args.new, args.like)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
