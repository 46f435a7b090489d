"""Compiled templates shared by every application made in one process.

Jinja compiles each template once per application; a process that builds many applications
(the test suite builds one per test) would otherwise compile the same templates again and again.
A template whose source changes gets a new key, so an edited template is never served stale.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class ProcessTemplateCache(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


SHARED = ProcessTemplateCache()
