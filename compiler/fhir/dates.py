"""FHIR dates as intervals of time, look-back windows, and whole months.

A FHIR `date` or `dateTime` is as precise as it was recorded: `2024`, `2024-05`, `2024-05-03` or
an instant with its time zone. Each becomes a `When`: the interval `[start, end)` it stands for, in
UTC (a day without a time zone is taken as that UTC day). A window asks whether a `When` lies in
it: inside, outside, or *unsure* when the interval straddles the window's edge (a count recorded
only as "2024-05" cannot be said to be within the last 7 days).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

Placed = Literal["inside", "outside", "unsure"]


@dataclass(frozen=True, slots=True)
class When:
    start: datetime  # aware, UTC
    end: datetime  # exclusive; equal to start for an instant
    text: str  # as recorded (ISO)

    @property
    def exact(self) -> bool:
        """Precise to the day or better."""
        return self.end - self.start <= timedelta(days=1)


def aware(moment: datetime) -> datetime:
    """A datetime in UTC; one without a time zone is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def when(value: object) -> When | None:
    """The interval of a FHIR date or dateTime as `fhir.resources` reads it (a `datetime`, a `date`,
    or the text of a year or a year and month), None for anything else."""
    if isinstance(value, datetime):
        moment = aware(value)
        return When(moment, moment, value.isoformat())
    if isinstance(value, date):
        start = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return When(start, start + timedelta(days=1), value.isoformat())
    if isinstance(value, str):
        parts = value.split("-")
        try:
            if len(parts) == 1 and len(value) == 4:
                year = int(value)
                return When(datetime(year, 1, 1, tzinfo=UTC), _year_after(year), value)
            if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:
                year, month = int(parts[0]), int(parts[1])
                start = datetime(year, month, 1, tzinfo=UTC)
                days = calendar.monthrange(year, month)[1]
                return When(start, start + timedelta(days=days), value)
        except ValueError:
            return None
    return None


def _year_after(year: int) -> datetime:
    if year >= 9999:
        return datetime.max.replace(tzinfo=UTC)
    return datetime(year + 1, 1, 1, tzinfo=UTC)


def place(moment: When, start: datetime | None, end: datetime | None) -> Placed:
    """Where `moment` lies against the window from `start` (inclusive) to `end` (exclusive); None
    leaves that side open. A day (`2024-05-03`) is inside when it meets the window; a month or a
    year is inside only when it lies wholly in it, outside when it misses it, otherwise unsure."""
    if moment.exact:
        if moment.end == moment.start:  # an instant
            after = start is None or moment.start >= start
        else:
            after = start is None or moment.end > start
        before = end is None or moment.start < end
        return "inside" if after and before else "outside"
    if (start is not None and moment.end <= start) or (end is not None and moment.start >= end):
        return "outside"
    if (start is None or moment.start >= start) and (end is None or moment.end <= end):
        return "inside"
    return "unsure"


def days_before(moment: datetime, days: int) -> datetime:
    """`days` days before `moment` (the earliest moment a look-back of `days` days reaches)."""
    try:
        return moment - timedelta(days=days)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


def whole_months(first: datetime, now: datetime) -> int:
    """Whole calendar months from `first` to `now` (0 when `now` is earlier): from 31 January, one
    month has passed on the last day of February."""
    first, now = aware(first), aware(now)
    if now <= first:
        return 0
    months = (now.year - first.year) * 12 + (now.month - first.month)
    day = min(first.day, calendar.monthrange(now.year, now.month)[1])
    anniversary = now.replace(
        day=day, hour=first.hour, minute=first.minute, second=first.second, microsecond=first.microsecond
    )
    if anniversary > now:
        months -= 1
    return max(months, 0)
