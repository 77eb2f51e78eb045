"""Output kind: one RFC 5545 calendar (.ics) of deadlines per unit.

Built with the ``icalendar`` package so folding, escaping and line endings are
right for phone calendars. Each deadline is an all-day event with a reminder
the working morning before. A calendar imported again or subscribed to must
update, not duplicate: each step keeps one UID (plan, unit, step), and its
SEQUENCE counts the times its dates moved, with DTSTAMP and LAST-MODIFIED the
moment of the last move (the project's published history,
:mod:`generator.campaign.history`; the plan's date before any move). Nothing
comes from the build's clock, so the same inputs give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from icalendar import Alarm, Calendar, Event

from generator.campaign.schedule import UnitStep
from generator.outputs import paths
from generator.outputs.kind import OutputKind

PRODID = "-//sotay//So tay kiem diem//VI"


@dataclass(frozen=True)
class UnitCalendar:
    """A unit's deadlines under one plan."""

    unit_id: str
    unit_name: str
    plan_id: str
    plan_date: date
    steps: tuple[UnitStep, ...]
    moves: tuple[tuple[str, int, datetime], ...] = ()  # (step id, times moved, last moved), published


def gather(campaign, sizes):
    if campaign.plan is None:
        return
    for unit_id, schedule in campaign.schedules.items():
        if schedule.steps:
            unit = campaign.units[unit_id]
            moves = campaign.history.step_revisions(unit_id) if campaign.history else {}
            yield paths.unit_ics(unit), UnitCalendar(
                unit.id, unit.name, campaign.plan.id, campaign.plan.date, tuple(schedule.steps),
                tuple((step, count, at) for step, (count, at) in sorted(moves.items())))


def render(value: UnitCalendar) -> bytes:
    """The .ics bytes of one unit's deadlines."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Kiểm điểm — {value.unit_name}")
    issued = datetime.combine(value.plan_date, time(0, 0), tzinfo=timezone.utc)
    moves = {step: (count, at) for step, count, at in value.moves}
    for step in sorted(value.steps, key=lambda s: (s.end, s.id)):
        calendar.add_component(deadline_event(value, step, *moves.get(step.id, (0, issued))))
    return calendar.to_ical()


def deadline_event(value: UnitCalendar, step: UnitStep, sequence: int, stamp: datetime) -> Event:
    """An all-day event on a step's deadline, with a reminder a day before.

    ``sequence`` is how many times the step's dates moved, ``stamp`` when they last did.
    """
    event = Event()
    event.add("uid", f"{value.plan_id}.{value.unit_id}.{step.id}@sotay")
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    if sequence:
        event.add("last-modified", stamp)
    event.add("summary", f"Hạn: {step.title}")
    event.add("dtstart", step.end)
    event.add("dtend", step.end + timedelta(days=1))
    description = value.unit_name + (f" — thực hiện: {step.who}" if step.who else "")
    if step.start and step.start != step.end:
        description += f"\nTừ ngày {step.start:%d/%m/%Y} đến {step.end:%d/%m/%Y}"
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Ngày mai là hạn: {step.title}")
    alarm.add("trigger", timedelta(hours=-15))  # 09:00 the day before the all-day event
    event.add_component(alarm)
    return event


KIND = OutputKind("calendar", "documents", gather, render)
