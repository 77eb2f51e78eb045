"""Render stage: one RFC 5545 calendar (.ics) of deadlines per unit.

Built with the ``icalendar`` package so folding, escaping and line endings are
right for phone calendars. Each deadline is an all-day event with a reminder
the working morning before; UIDs and DTSTAMPs come from the content, so the
same content gives the same bytes.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any, Mapping

from icalendar import Alarm, Calendar, Event

from generator.outputs import paths
from generator.model import Project, Unit

PRODID = "-//sotay//So tay kiem diem//VI"


def deadline_event(unit: Unit, step: Any, stamp: datetime, plan_id: str) -> Event:
    """An all-day event on a step's deadline, with a reminder a day before."""
    event = Event()
    event.add("uid", f"{plan_id}.{unit.id}.{step.id}@sotay")
    event.add("dtstamp", stamp)
    event.add("summary", f"Hạn: {step.title}")
    event.add("dtstart", step.end)
    event.add("dtend", step.end + timedelta(days=1))
    who = getattr(step, "who", None)
    description = f"{unit.name}" + (f" — thực hiện: {who}" if who else "")
    start = getattr(step, "start", None)
    if start and start != step.end:
        description += f"\nTừ ngày {start:%d/%m/%Y} đến {step.end:%d/%m/%Y}"
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Ngày mai là hạn: {step.title}")
    alarm.add("trigger", timedelta(hours=-15))  # 09:00 the day before the all-day event
    event.add_component(alarm)
    return event


def unit_calendar(unit: Unit, steps: list[Any], plan_id: str, plan_date) -> bytes:
    """The .ics bytes of one unit's deadlines."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Kiểm điểm — {unit.name}")
    stamp = datetime.combine(plan_date, time(0, 0), tzinfo=timezone.utc)
    for step in sorted(steps, key=lambda s: (s.end, s.id)):
        calendar.add_component(deadline_event(unit, step, stamp, plan_id))
    return calendar.to_ical()


def render(project: Project, schedules: Mapping[str, Any]) -> dict[str, bytes]:
    """A calendar for every unit that has deadlines."""
    plan = project.plans.get(project.organisation.current_plan or "")
    if plan is None and project.plans:
        plan = next(iter(project.plans.values()))
    if plan is None:
        return {}
    out: dict[str, bytes] = {}
    for unit in project.units.values():
        steps = list(getattr(schedules.get(unit.id), "steps", ()) or ())
        if steps:
            out[paths.unit_ics(unit)] = unit_calendar(unit, steps, plan.id, plan.date)
    return out
