"""The API's OpenAPI document, served as written in openapi.json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Blueprint, jsonify

blueprint = Blueprint("openapi", __name__)


@cache
def _document() -> dict:
    return json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))


@blueprint.get("/api/v1/openapi.json")
def openapi():
    return jsonify(_document())
