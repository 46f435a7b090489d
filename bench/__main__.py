"""Run every benchmark of the project in one process, one after the other.

Each benchmark module exposes ``run(argv) -> int``; `make bench` runs them all
(``python -m bench --write-docs``: the figures go to docs/benchmarks.md),
`python -m bench NAME [options]` runs one.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "matching": "bench.matching",
    "importing": "bench.importing",
    "registration": "bench.registration",
    "oracles": "bench.oracles",
    "argon2": "bench.argon2",
    "prod": "bench.prod",
}


def main(argv: list[str]) -> int:
    if argv and argv[0] in BENCHMARKS:
        names, options = argv[:1], argv[1:]
    else:
        names, options = list(BENCHMARKS), argv
    status = 0
    for name in names:
        module = importlib.import_module(BENCHMARKS[name])
        print(f"\n=== benchmark: {name} ===", flush=True)
        status |= module.run(options)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
