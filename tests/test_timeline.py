"""The dossier's timeline: days grouped into weeks, months or years to fit a width."""

from __future__ import annotations

from nlp.timeline import bar, build_timeline, day_label


def test_a_few_weeks_go_by_week_with_the_empty_weeks_between():
    timeline = build_timeline([("2021-03-02", 2), ("2021-03-04", 1), ("2021-03-20", 1)], most_periods=10)
    assert timeline.unit == "week"
    assert [(p.label, p.first_day, p.last_day, p.articles) for p in timeline.periods] == [
        ("week of 1 Mar 2021", "2021-03-01", "2021-03-07", 3),
        ("week of 8 Mar 2021", "2021-03-08", "2021-03-14", 0),
        ("week of 15 Mar 2021", "2021-03-15", "2021-03-21", 1)]
    assert (timeline.first_day, timeline.last_day, timeline.articles) == ("2021-03-02", "2021-03-20", 4)


def test_a_longer_span_goes_by_month_then_by_year():
    days = [("2021-03-02", 1), ("2021-06-11", 1), ("2021-09-05", 1), ("2020-12-31", 1)]
    by_month = build_timeline(days, most_periods=12)
    assert by_month.unit == "month"
    assert [(p.label, p.articles) for p in by_month.periods] == [
        ("Dec 2020", 1), ("Jan 2021", 0), ("Feb 2021", 0), ("Mar 2021", 1), ("Apr 2021", 0), ("May 2021", 0),
        ("Jun 2021", 1), ("Jul 2021", 0), ("Aug 2021", 0), ("Sep 2021", 1)]
    assert by_month.periods[0].last_day == "2020-12-31" and by_month.periods[-1].last_day == "2021-09-30"
    by_year = build_timeline(days, most_periods=5)
    assert [(p.label, p.articles) for p in by_year.periods] == [("2020", 1), ("2021", 3)]


def test_dates_beyond_any_width_keep_the_latest_years_and_bad_days_are_left_out():
    timeline = build_timeline([("0001-01-01", 1), ("2020-05-05", 2), ("2021-01-01", 1), ("soon", 4)],
                              most_periods=3)
    assert [(p.label, p.articles) for p in timeline.periods] == [("2019", 0), ("2020", 2), ("2021", 1)]
    assert timeline.first_day == "0001-01-01"
    assert build_timeline([("soon", 1)], 10) is None and build_timeline([], 10) is None


def test_bars_grow_with_the_articles_and_an_empty_period_is_blank():
    assert [bar(n, 8) for n in range(9)] == [" ", *"▁▂▃▄▅▆▇█"]
    assert bar(1, 1000) == "▁" and bar(1000, 1000) == "█"
    assert day_label("2021-09-05") == "5 Sep 2021"
