"""Publication dates from the forms that files, feeds and pages carry."""
from __future__ import annotations

import datetime as dt
import email.utils
import time


def parse_date(value: object) -> dt.date | None:
    """A date from a date, datetime, ``time.struct_time`` or string; ``None`` if unreadable.

    Strings: ISO 8601 (``2023-05-01``, ``2023-05-01T10:00:00Z``,
    ``2023-05-01 10:00:00``) and RFC 2822 (``Mon, 01 May 2023 10:00:00 GMT``).
    A timestamp keeps the calendar date it states, in its own time zone.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None
