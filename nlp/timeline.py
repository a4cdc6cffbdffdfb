"""An entity's timeline: its articles counted by week, month or year of publication.

Headless: the index gives (day, articles) rows (:meth:`nlp.index.Index.entity_days`); this
module groups them into as many periods as fit a width, the empty ones between included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

BARS = "▁▂▃▄▅▆▇█"
"""The heights of a period's bar, fewest articles to most (an empty period is a space)."""
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Period:
    """A week, month or year of the timeline."""

    first_day: str
    """Its first day, YYYY-MM-DD."""
    last_day: str
    """Its last day, YYYY-MM-DD (included)."""
    label: str
    """How it is named: "week of 8 Mar 2021", "Mar 2021", "2021"."""
    articles: int


@dataclass(frozen=True)
class Timeline:
    """An entity's periods, oldest first, with the first and last days it was seen."""

    periods: list[Period]
    unit: str
    """"week", "month" or "year"."""
    first_day: str
    last_day: str

    @property
    def articles(self) -> int:
        """Articles in every period."""
        return sum(period.articles for period in self.periods)


def build_timeline(days: list[tuple[str, int]], most_periods: int) -> Timeline | None:
    """The timeline of (YYYY-MM-DD, articles) *days*, by the shortest unit (week, month, year)
    that needs at most *most_periods* periods; None without any day."""
    counted = [(date.fromisoformat(day), n) for day, n in days if _is_day(day)]
    if not counted:
        return None
    counted.sort()
    first, last = counted[0][0], counted[-1][0]
    seen_first = first
    most_periods = max(1, most_periods)
    unit = next((unit for unit in ("week", "month") if _period_count(first, last, unit) <= most_periods), "year")
    if _period_count(first, last, unit) > most_periods:  # centuries of dates: the latest years that fit
        first = date(last.year - most_periods + 1, 1, 1)
        counted = [(day, n) for day, n in counted if day >= first]
    periods = _count(_period_starts(first, last, unit), counted, unit)
    return Timeline(periods, unit, seen_first.isoformat(), last.isoformat())


def bar(articles: int, most: int) -> str:
    """The bar of a period of *articles*, in a timeline whose fullest period has *most*."""
    if not articles:
        return " "
    return BARS[min(len(BARS) - 1, (articles * len(BARS) - 1) // max(1, most))]


def day_label(day: str) -> str:
    """A day as the timeline names it: "2 Mar 2021"."""
    when = date.fromisoformat(day)
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def _is_day(day: str) -> bool:
    try:
        date.fromisoformat(day)
    except (TypeError, ValueError):
        return False
    return True


def _period_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_start(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def _period_count(first: date, last: date, unit: str) -> int:
    if unit == "week":
        return (_period_start(last, unit) - _period_start(first, unit)).days // 7 + 1
    if unit == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


def _period_starts(first: date, last: date, unit: str) -> list[date]:
    starts = [_period_start(first, unit)]
    while _next_start(starts[-1], unit) <= last:
        starts.append(_next_start(starts[-1], unit))
    return starts


def _count(starts: list[date], counted: list[tuple[date, int]], unit: str) -> list[Period]:
    totals = dict.fromkeys(starts, 0)
    for day, n in counted:
        totals[_period_start(day, unit)] += n
    return [Period(start.isoformat(), (_next_start(start, unit) - timedelta(days=1)).isoformat(),
                   _label(start, unit), n) for start, n in totals.items()]


def _label(start: date, unit: str) -> str:
    if unit == "week":
        return f"week of {day_label(start.isoformat())}"
    if unit == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    return str(start.year)
