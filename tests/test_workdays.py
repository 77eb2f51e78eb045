"""Working days and deadline warnings: weekends and Vietnamese public holidays (lunar Tết too)."""

from datetime import date

from generator.workdays import add_working_days, day_off_reason, holiday_name, is_working_day


def test_holidays_include_lunar_new_year_and_national_day():
    assert holiday_name(date(2023, 1, 23)) == "Mùng hai Tết Nguyên Đán"
    assert holiday_name(date(2022, 9, 2)) == "Quốc khánh"
    assert holiday_name(date(2022, 12, 20)) is None


def test_day_off_reason_names_sundays_and_holidays():
    assert day_off_reason(date(2022, 12, 18)) == "Chủ nhật"
    assert day_off_reason(date(2023, 1, 2)) == "ngày nghỉ lễ Tết Dương lịch (nghỉ bù)"
    assert day_off_reason(date(2022, 12, 17)) is None  # a Saturday is only a poor deadline, not a warning
    assert day_off_reason(date(2022, 12, 19)) is None


def test_add_working_days_skips_weekends_and_tet():
    assert not is_working_day(date(2022, 12, 17))
    assert add_working_days(date(2022, 12, 16), 1) == date(2022, 12, 19)
    assert add_working_days(date(2022, 12, 19), -1) == date(2022, 12, 16)
    assert add_working_days(date(2022, 12, 18), 0) == date(2022, 12, 16)
    assert add_working_days(date(2023, 1, 19), 1) == date(2023, 1, 27)  # Tết 2023: 20–26 January


def test_vietnam_loaded_on_its_own_gives_the_registry_holidays():
    """The Vietnam class loaded from its file (not all countries) names the same days as the registry's."""
    import holidays

    from generator.workdays import _holidays

    for year in (2000, 2022, 2023, 2024, 2030):
        assert dict(_holidays(year)) == dict(holidays.country_holidays("VN", years=year, language="vi"))
