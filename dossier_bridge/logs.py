"""Logging of the bridge's processes (web, worker, commands), without personal data.

Statement values never reach a log (the engines hide them), but PostgreSQL
itself quotes the offending value in an error's detail ("Key (email)=(...)
already exists"), and a traceback repeats it. The formatter removes those
details from every line it writes, tracebacks included.
"""

from __future__ import annotations

import logging
import re

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_DETAIL = re.compile(r"^(\s*DETAIL:).*$", re.MULTILINE)
_KEY_VALUES = re.compile(r"(Key \([^)]*\))=\((?:[^()]|\([^()]*\))*\)")


def scrub(text: str) -> str:
    """The text without the values a database error quotes."""
    return _DETAIL.sub(r"\1 (removed: it may hold personal data)", _KEY_VALUES.sub(r"\1=(…)", text))


class PrivacyFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def configure(level: int = logging.INFO) -> None:
    """One handler on the root logger, with the scrubbing formatter (idempotent)."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, PrivacyFormatter) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(PrivacyFormatter(FORMAT))
        root.addHandler(handler)
    root.setLevel(level)
