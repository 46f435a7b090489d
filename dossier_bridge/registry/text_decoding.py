"""From an export's bytes to text: which encoding office software wrote, or why it is no text at all.

UTF-8 with or without BOM and UTF-16 (a spreadsheet's "Unicode text") are
recognised by themselves; anything else is a legacy encoding that
charset-normalizer picks among those French office software writes
(Windows-1252 for a spreadsheet's "CSV" export, DOS and Mac ones for old
billing systems). A UTF-8 file with a few lines pasted from a Windows-1252
one reads each line in its own encoding. A spreadsheet file (xlsx, ods,
xls), a PDF or binary data is refused on line 1, with what it is.
"""

from __future__ import annotations

import codecs

from dossier_bridge.registry.import_report import Findings, ImportFileError, LineError

SPREADSHEET_SIGNATURES = {b"PK\x03\x04": "xlsx / ods", b"\xd0\xcf\x11\xe0": "xls", b"%PDF": "pdf"}
LEGACY_ENCODINGS = ["cp1252", "cp850", "mac_roman"]
# Bytes that never occur in text (NUL aside, handled line by line).
_CONTROL_BYTES = bytes(range(1, 9)) + bytes(range(14, 32))
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def decode_export(data: bytes, found: Findings) -> tuple[str, str]:
    """(text without NUL characters, encoding name) of a non-empty file; ImportFileError when it is no text."""
    text, encoding = _decode(data, found)
    return _without_nul(text, found), encoding


def _decode(data: bytes, found: Findings) -> tuple[str, str]:
    for signature, kind in SPREADSHEET_SIGNATURES.items():
        if data.startswith(signature):
            raise _refusal("spreadsheet_file", kind=kind)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf_16").lstrip("\ufeff"), "utf_16"
        except UnicodeDecodeError:
            raise _refusal("not_text") from None
    if data.count(0) > len(data) // 4:
        return _utf16_without_bom(data), "utf_16"
    if len(data.translate(None, _NOT_CONTROL)) > max(10, len(data) // 100):
        raise _refusal("not_text")
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    try:
        return body.decode("utf-8"), "utf_8_sig" if bom else "utf_8"
    except UnicodeDecodeError:
        return _legacy(body, found)


def _utf16_without_bom(data: bytes) -> str:
    for encoding in ("utf_16_le", "utf_16_be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _mostly_text(text):
            return text
    raise _refusal("not_text")


def _legacy(body: bytes, found: Findings) -> tuple[str, str]:
    """Not UTF-8: a legacy encoding, or UTF-8 with a few lines pasted from elsewhere."""
    lines = body.split(b"\n")
    bad = {i for i, raw in enumerate(lines) if not _is_utf8(raw)}
    utf8_accents = any(not raw.isascii() for i, raw in enumerate(lines) if i not in bad)
    if utf8_accents and len(bad) * 2 < len(lines):
        for index in sorted(bad):
            found.add(index + 1, "mixed_encoding")
        text = "\n".join(raw.decode("cp1252", errors="replace") if i in bad else raw.decode("utf-8")
                         for i, raw in enumerate(lines))
        return text, "mixed"
    from charset_normalizer import from_bytes

    best = from_bytes(body, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise _refusal("not_text")
    return str(best), best.encoding


def _without_nul(text: str, found: Findings) -> str:
    if "\x00" not in text:
        return text
    for number, line in enumerate(text.split("\n"), start=1):
        if "\x00" in line:
            found.add(number, "nul_bytes")
    return text.replace("\x00", "")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_text(text: str) -> bool:
    sample = text[:10_000]
    return sum(c.isprintable() or c in "\r\n\t" for c in sample) >= 0.95 * len(sample)


def _refusal(code: str, **params: str) -> ImportFileError:
    return ImportFileError([LineError(1, code, params)])
