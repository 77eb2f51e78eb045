"""Dates in Vietnam: how they are written, weekends and public holidays (lunar Tết included).

Holidays come from the ``holidays`` package (``country_holidays('VN')``), which
computes the lunar calendar, rather than from a hand-kept list.
"""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays

SATURDAY, SUNDAY = 5, 6


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return _vietnam()(years=year, language="vi")


@lru_cache(maxsize=1)
def _vietnam() -> type[holidays.HolidayBase]:
    """The package's Vietnam class, loaded from its own file.

    ``country_holidays("VN")`` imports ``holidays.countries``, whose package
    imports all ~250 countries (a fifth of ``sotay check``'s start-up); the
    Vietnam module needs none of them. Loaded under a name of ours, so the
    package's own import of it stays untouched. Should the file move in a later
    version, the registry's way is used.
    """
    source = Path(holidays.__file__).with_name("countries") / "vietnam.py"
    spec = importlib.util.spec_from_file_location("generator._holidays_vietnam", source)
    if spec is None or spec.loader is None or not source.is_file():
        return holidays.country_holidays("VN").__class__
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Vietnam


@lru_cache(maxsize=4096)  # asked for the same few dates once per unit of a large tree
def vn_date(day: date | None) -> str:
    """A date as Vietnamese readers write it: 21/11/2022 (empty for None)."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def holiday_name(day: date) -> str | None:
    """The Vietnamese public holiday on ``day``, or None."""
    return _holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < SATURDAY and holiday_name(day) is None


@lru_cache(maxsize=4096)  # every unit of a level derives the same deadlines
def add_working_days(day: date, count: int) -> date:
    """The date ``count`` working days after ``day`` (before it when negative).

    ``add_working_days(d, 0)`` is ``d`` itself, or the working day before it
    when ``d`` is not one (a deadline must not move later).
    """
    step = -1 if count <= 0 else 1
    current = day
    while count == 0 and not is_working_day(current):
        current -= timedelta(days=1)
    remaining = abs(count)
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def day_off_reason(day: date) -> str | None:
    """Why ``day`` is a poor deadline: Sunday or a holiday's name; None if fine."""
    name = holiday_name(day)
    if name:
        return f"ngày nghỉ lễ {name}"
    if day.weekday() == SUNDAY:
        return "Chủ nhật"
    return None
