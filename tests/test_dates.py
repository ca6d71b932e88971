"""Partial dates and ranges: what they denote, and the messages for impossible ones."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.dates import DateError, parse_date


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2014", date(2014, 1, 1), date(2014, 12, 31)),
        ("2014-02", date(2014, 2, 1), date(2014, 2, 28)),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
        ("2016-02-29", date(2016, 2, 29), date(2016, 2, 29)),
        ("2014-06/2014-07", date(2014, 6, 1), date(2014, 7, 31)),
        ("2013/2014-03-02", date(2013, 1, 1), date(2014, 3, 2)),
        (" 2014-07 ", date(2014, 7, 1), date(2014, 7, 31)),
        ("0001", date(1, 1, 1), date(1, 12, 31)),
        ("9999-12", date(9999, 12, 1), date(9999, 12, 31)),
    ],
)
def test_spans(text: str, earliest: date, latest: date) -> None:
    span = parse_date(text)
    assert (span.earliest, span.latest) == (earliest, latest)
    assert span.is_range == ("/" in text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2014-02-29", "February 2014 has 28 days, not 29"),
        ("1900-02-29", "February 1900 has 28 days, not 29"),
        ("2014-04-31", "April 2014 has 30 days, not 31"),
        ("2014-13", "month 13 does not exist"),
        ("2014-00", "month 00 does not exist"),
        ("0000", "year 0000 does not exist"),
        ("2014-07/2014-06", "ends before it starts"),
        ("14-07", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2014-7", "write 2014-07 "),
        ("2014-07-11T10:00", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("July 2014", "write 2014-07 "),
        ("2014/", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("\u0662\u0660\u0661\u0664", "write YYYY"),  # Arabic-Indic digits are digits to `\d`, not to the format
        ("２０１４", "write YYYY"),  # full-width digits
    ],
)
def test_impossible_dates_say_why(text: str, words: str) -> None:
    with pytest.raises(DateError, match=words.replace("(", r"\(")):
        parse_date(text)


def test_comparisons_are_honest_about_partial_dates() -> None:
    year, july, august = parse_date("2014"), parse_date("2014-07"), parse_date("2014-08-04")
    assert not year.definitely_before(july) and not year.definitely_after(july)
    assert july.definitely_before(august) and august.definitely_after(july)
    assert not july.definitely_after(july)


@given(st.dates(min_value=date(1, 1, 1)))
def test_every_real_day_parses_to_itself(day: date) -> None:
    span = parse_date(day.isoformat())
    assert span.earliest == span.latest == day
    assert str(span) == day.isoformat()


@given(st.dates(min_value=date(1, 1, 1)), st.dates(min_value=date(1, 1, 1)))
def test_ranges_parse_iff_ordered(a: date, b: date) -> None:
    text = f"{a.isoformat()}/{b.isoformat()}"
    if a <= b:
        assert (parse_date(text).earliest, parse_date(text).latest) == (a, b)
    else:
        with pytest.raises(DateError):
            parse_date(text)


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_date_error(text: str) -> None:
    try:
        span = parse_date(text)
    except DateError as exc:
        assert str(exc)
    else:
        assert span.earliest <= span.latest


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "04/03/2024",
            "'04/03/2024' is not a date argmap reads: "
            "write 2024-03-04 (4 March) or 2024-04-03 (3 April), as YYYY-MM-DD",
        ),
        ("13/03/2024", "'13/03/2024' is not a date argmap reads: write 2024-03-13 (YYYY-MM-DD)"),
        ("03/13/2024", "'03/13/2024' is not a date argmap reads: write 2024-03-13 (YYYY-MM-DD)"),
        ("March 2024", "'March 2024' is not a date argmap reads: write 2024-03 (YYYY-MM)"),
        ("4 March 2024", "'4 March 2024' is not a date argmap reads: write 2024-03-04 (YYYY-MM-DD)"),
        ("March 4, 2024", "'March 4, 2024' is not a date argmap reads: write 2024-03-04 (YYYY-MM-DD)"),
        ("2024.03.04", "'2024.03.04' is not a date argmap reads: write 2024-03-04 (YYYY-MM-DD)"),
        ("2024-3-4", "'2024-3-4' is not a date argmap reads: write 2024-03-04 (YYYY-MM-DD)"),
        ("31/02/2024", "'31/02/2024' is not a date: neither reading of day and month exists; write YYYY-MM-DD"),
    ],
)
def test_common_date_forms_say_which_iso_form_to_write(written: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(written)
    assert str(caught.value) == message


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_iso_hint_names_a_date_that_parses(day: date) -> None:
    for written in (
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day.year}.{day.month}.{day.day}",
    ):
        with pytest.raises(DateError) as caught:
            parse_date(written)
        assert day.isoformat() in str(caught.value)
        for token in str(caught.value).split():
            if token[:4].isdigit() and token.count("-") == 2:
                parse_date(token)  # every form it suggests is one argmap reads
