"""Run every benchmark of the project in one process, one after the other.

Each benchmark module exposes ``run(argv) -> int``; `make bench` runs them all,
`python -m bench NAME` runs one.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "matching": "bench.matching",
    "registration": "bench.registration",
}


def main(argv: list[str]) -> int:
    names = argv[:1] or list(BENCHMARKS)
    status = 0
    for name in names:
        module = importlib.import_module(BENCHMARKS[name])
        print(f"\n=== benchmark: {name} ===", flush=True)
        status |= module.run(argv[1:])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
