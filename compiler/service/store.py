"""Evaluations kept in memory for the links of the cards, bounded by count and by age.

A card links to the patient's highlighted flowchart by an opaque evaluation id (128 random
bits): the URL names no patient and holds no data, and it stops working when the entry is gone
(after `max_seconds`, or when `max_count` newer evaluations pushed it out). Nothing is written
to disk.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Evaluation", "Store"]


@dataclass
class Evaluation:
    guideline: str  # the guideline's id
    result: Mapping[str, Any]
    at: float  # time.monotonic() when it was stored
    drawn: dict[str, bytes] = field(default_factory=dict)  # format → the chart, drawn once


class Store:
    def __init__(self, max_count: int, max_seconds: float) -> None:
        self.max_count = max_count
        self.max_seconds = max_seconds
        self._entries: OrderedDict[str, Evaluation] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, guideline: str, result: Mapping[str, Any]) -> str:
        """Keep one evaluation; its new id."""
        ident = secrets.token_urlsafe(16)
        now = time.monotonic()
        with self._lock:
            self._expire(now)
            self._entries[ident] = Evaluation(guideline, result, now)
            while len(self._entries) > self.max_count:
                self._entries.popitem(last=False)
        return ident

    def get(self, guideline: str, ident: str) -> Evaluation | None:
        with self._lock:
            self._expire(time.monotonic())
            found = self._entries.get(ident)
        return found if found is not None and found.guideline == guideline else None

    def _expire(self, now: float) -> None:
        while self._entries:
            oldest = next(iter(self._entries.values()))
            if now - oldest.at <= self.max_seconds:
                break
            self._entries.popitem(last=False)


class Bounded:
    """A bounded map of recent keys to values, oldest forgotten first (issued cards' codes)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def get(self, key: str) -> Any:
        with self._lock:
            return self._entries.get(key)
