"""Reading the mail MailDev caught, through its REST API."""

from __future__ import annotations

import time
from dataclasses import dataclass

import requests

MAILDEV_URL = "http://127.0.0.1:1080"


@dataclass(frozen=True)
class Mail:
    id: str
    subject: str
    to: list[str]
    html: str
    text: str


def all_mail() -> list[Mail]:
    answer = requests.get(f"{MAILDEV_URL}/email", timeout=5)
    answer.raise_for_status()
    return [
        Mail(
            id=m["id"],
            subject=m.get("subject", ""),
            to=[t["address"].lower() for t in m.get("to", [])],
            html=m.get("html") or "",
            text=m.get("text") or "",
        )
        for m in answer.json()
    ]


def mail_to(address: str) -> list[Mail]:
    return [m for m in all_mail() if address.lower() in m.to]


def wait_for_mail(address: str, subject_contains: str = "", timeout: float = 30.0, count: int = 1) -> list[Mail]:
    deadline = time.monotonic() + timeout
    found: list[Mail] = []
    while time.monotonic() < deadline:
        found = [m for m in mail_to(address) if subject_contains.lower() in m.subject.lower()]
        if len(found) >= count:
            return found
        time.sleep(0.5)
    raise AssertionError(f"expected {count} mail(s) to {address} about {subject_contains!r}, found {len(found)}")
