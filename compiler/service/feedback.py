"""`POST /cds-services/{id}/feedback` (CDS Hooks 2.0 "Feedback"): each outcome a client reports,
kept in SQLite (the standard library's `sqlite3`, the file `feedback_database`), and counted by
`guideline serve --feedback-report`.

A row holds the service, the card's uuid, the outcome (`accepted` or `overridden`), how many
suggestions were accepted, the override reason's coding, whether the user wrote a comment (the
comment itself is free text that may name the patient: it is not kept), the outcome's
timestamp, when it was received, and, when the card was issued by this process, the
recommendation codes it showed and the result's status.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from compiler.files import UsageError
from compiler.service.state import authenticated, state

__all__ = ["Feedback", "FeedbackRequest", "FeedbackStore", "report"]

SCHEMA = """
create table if not exists feedback (
    id integer primary key,
    service text not null,
    card text not null,
    outcome text not null,
    accepted_suggestions integer not null,
    override_system text,
    override_code text,
    has_comment integer not null,
    outcome_timestamp text not null,
    received text not null,
    codes text,
    status text
)
"""


class Coding(BaseModel):
    model_config = ConfigDict(extra="allow")
    system: str = Field(max_length=2000)
    code: str = Field(max_length=200)
    display: str | None = Field(default=None, max_length=2000)


class OverrideReason(BaseModel):
    model_config = ConfigDict(extra="allow")
    reason: Coding | None = None
    userComment: str | None = Field(default=None, max_length=10_000)


class AcceptedSuggestion(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1, max_length=200)


class Feedback(BaseModel):
    model_config = ConfigDict(extra="allow")
    card: str = Field(min_length=1, max_length=200)
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] | None = Field(default=None, max_length=100)
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: datetime


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    feedback: list[Feedback] = Field(min_length=1, max_length=1000)


class FeedbackStore:
    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("pragma journal_mode=wal" if path != ":memory:" else "pragma journal_mode=memory")
            self._db.execute(SCHEMA)
        except sqlite3.Error as error:
            raise UsageError(f"{path}: cannot be used as the feedback database ({error})") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, service: str, entries: Sequence[Feedback], issued: Any) -> int:
        received = datetime.now(UTC).isoformat(timespec="seconds")
        rows = []
        for entry in entries:
            known = issued.get(entry.card)
            reason = entry.overrideReason.reason if entry.overrideReason else None
            comment = bool(entry.overrideReason and entry.overrideReason.userComment)
            stamp = entry.outcomeTimestamp
            stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
            rows.append(
                (
                    service,
                    entry.card,
                    entry.outcome,
                    len(entry.acceptedSuggestions or ()),
                    reason.system if reason else None,
                    reason.code if reason else None,
                    int(comment),
                    stamp.astimezone(UTC).isoformat(timespec="seconds"),
                    received,
                    json.dumps(known[1]) if known and known[0] == service else None,
                    known[2] if known and known[0] == service else None,
                )
            )
        with self._lock:
            self._db.execute("begin")
            self._db.executemany(
                "insert into feedback (service, card, outcome, accepted_suggestions, override_system, override_code,"
                " has_comment, outcome_timestamp, received, codes, status) values (?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            self._db.execute("commit")
        return len(rows)

    def counts(self) -> list[tuple[str, str, str | None, int]]:
        """(service, outcome, override code, count), sorted."""
        with self._lock:
            found = self._db.execute(
                "select service, outcome, override_code, count(*) from feedback"
                " group by service, outcome, override_code order by service, outcome, override_code"
            ).fetchall()
        return [(str(s), str(o), None if c is None else str(c), int(n)) for s, o, c, n in found]

    def by_code(self) -> list[tuple[str, str, str, int]]:
        """(service, recommendation code, outcome, count) for the cards whose codes are known."""
        with self._lock:
            found = self._db.execute("select service, codes, outcome from feedback where codes is not null").fetchall()
        tally: dict[tuple[str, str, str], int] = {}
        for service, codes, outcome in found:
            for code in json.loads(codes):
                key = (str(service), str(code), str(outcome))
                tally[key] = tally.get(key, 0) + 1
        return [(*key, n) for key, n in sorted(tally.items())]


def report(store: FeedbackStore) -> str:
    """The counts, as `guideline serve --feedback-report` prints them."""
    counts = store.counts()
    if not counts:
        return f"{store.path}: no feedback yet"
    lines = [f"{store.path}: {sum(n for *_, n in counts)} feedback entries", "", "service  outcome  reason  count"]
    lines += [f"{s}  {o}  {c or '-'}  {n}" for s, o, c, n in counts]
    coded = store.by_code()
    if coded:
        lines += ["", "service  recommendation  outcome  count"]
        lines += [f"{s}  {c}  {o}  {n}" for s, c, o, n in coded]
    return "\n".join(lines)


# ---- the endpoint ----

router = APIRouter(tags=["CDS Hooks"])


@router.post("/cds-services/{service_id}/feedback", dependencies=[Depends(authenticated)])
def post_feedback(service_id: str, body: FeedbackRequest, request: Request) -> dict[str, Any]:
    """Store the outcomes of cards (accepted, overridden) for `guideline serve --feedback-report`."""
    service = state(request)
    if service_id not in service.registry.services:
        raise HTTPException(404, {"error": "no such CDS service"})
    stored = service.feedback.add(service_id, body.feedback, service.issued)
    return {"stored": stored}
