"""The unit calendar writer against the ``icalendar`` package.

sotay writes its .ics lines itself (3,000 units' calendars: 0.3 s against
2.3-2.8 s through the package); these tests hold the bytes to the package's,
which wrote every calendar published before, and read them back with its
parser.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Event, vText

from generator.campaign.schedule import UnitStep
from generator.outputs import calendar as ics


def icalendar_render(value: ics.UnitCalendar) -> bytes:
    """The calendar as the ``icalendar`` package writes it (sotay's writer until 2026-11)."""
    calendar = Calendar()
    calendar.add("prodid", ics.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # The package writes a property it does not know raw (a comma, a line break
    # as is); RFC 5545 3.8.8.2 gives an X- property the TEXT type by default,
    # which sotay's writer follows, so the reference says so.
    calendar.add("x-wr-calname", vText(f"Kiểm điểm — {value.unit_name}"))
    issued = datetime.combine(value.plan_date, time(0, 0), tzinfo=timezone.utc)
    moves = {step: (count, at) for step, count, at in value.moves}
    for step in sorted(value.steps, key=lambda s: (s.end, s.id)):
        sequence, stamp = moves.get(step.id, (0, issued))
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
        alarm.add("trigger", timedelta(hours=-15))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


# Text that exercises escaping and folding: Vietnamese letters (2 and 3 octets in
# UTF-8), 4-octet characters, the TEXT specials, line endings, and the backslash
# and caret a fold must not leave at a line's end.
_letters = st.sampled_from(list("aăâđêôơưAĐ ếỗữ;,\\^:\"\r\n\t😀—-.xyz0123456789"))
TEXT = st.lists(_letters, max_size=160).map("".join)
DAY = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True)


@st.composite
def unit_calendars(draw) -> ics.UnitCalendar:
    steps = []
    for number in range(draw(st.integers(1, 4))):
        end = draw(DAY)
        start = draw(st.none() | st.just(end) | DAY.filter(lambda day, end=end: day < end))
        steps.append(UnitStep(f"buoc-{number}-{draw(SLUG)}", draw(TEXT), draw(TEXT), start, end,
                              "chi-bo", False, "plan", ()))
    moved = draw(st.lists(st.sampled_from([step.id for step in steps]), unique=True))
    moves = tuple(
        (step_id, draw(st.integers(1, 9)),
         datetime.combine(draw(DAY), time(draw(st.integers(0, 23)), draw(st.integers(0, 59))),
                          tzinfo=timezone.utc))
        for step_id in sorted(moved))
    return ics.UnitCalendar(draw(SLUG), draw(TEXT), draw(SLUG), draw(DAY), tuple(steps), moves)


@settings(max_examples=300, deadline=None)
@given(unit_calendars())
def test_calendar_bytes_equal_the_icalendar_packages(value):
    # The package reads a literal backslash-N in text as a line break (its own
    # quirk); content text means the two characters, so such text is left out here.
    texts = [value.unit_name] + [step.title + step.who for step in value.steps]
    if any("\\N" in text for text in texts):
        return
    assert ics.render(value) == icalendar_render(value)


@settings(max_examples=200, deadline=None)
@given(unit_calendars())
def test_calendar_reads_back_with_every_text_and_date(value):
    data = ics.render(value)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # octets, folds included
    parsed = Calendar.from_ical(data)
    events = parsed.walk("VEVENT")
    assert len(events) == len(value.steps)
    by_uid = {str(event["UID"]): event for event in events}
    for step in value.steps:
        event = by_uid[f"{value.plan_id}.{value.unit_id}.{step.id}@sotay"]
        assert str(event["SUMMARY"]) == _one_line_ending(f"Hạn: {step.title}")
        assert event.decoded("DTSTART") == step.end
        assert str(event.walk("VALARM")[0]["DESCRIPTION"]) == _one_line_ending(
            f"Ngày mai là hạn: {step.title}")
    # The package reads an X- property raw; unescape it as TEXT (RFC 5545 3.3.11).
    unfolded = data.decode("utf-8").replace("\r\n ", "")
    raw = re.search(r"^X-WR-CALNAME:(.*)\r$", unfolded, re.MULTILINE)[1]
    name = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)
    assert name == _one_line_ending(f"Kiểm điểm — {value.unit_name}")


def _one_line_ending(text: str) -> str:
    """Text as it reads back: every line ending (CR, LF, CRLF) is one LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_a_backslash_n_in_content_stays_two_characters():
    step = UnitStep("kiem-diem", r"Mục \N", "", None, date(2022, 12, 12), "chi-bo", False, "plan", ())
    value = ics.UnitCalendar("u", "Chi bộ", "kh", date(2022, 11, 15), (step,))
    assert b"SUMMARY:H\xe1\xba\xa1n: M\xe1\xbb\xa5c \\\\N\r\n" in ics.render(value)
    parsed = Calendar.from_ical(ics.render(value))
    assert str(parsed.walk("VEVENT")[0]["SUMMARY"]) == r"Hạn: Mục \N"


def test_a_fold_never_ends_a_line_on_a_backslash_or_caret_as_the_package():
    # Each offset puts the special character at another octet of the folded line.
    for special in ("^", ";", "\\", "ữ"):
        for offset in range(50, 80):
            step = UnitStep("buoc", "a" * offset + special + "b" * 90, "", None, date(2022, 12, 12),
                            "chi-bo", False, "plan", ())
            value = ics.UnitCalendar("u", "Chi bộ", "kh", date(2022, 11, 15), (step,))
            assert ics.render(value) == icalendar_render(value), (special, offset)
