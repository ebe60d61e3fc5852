"""Streaks, done_today and completion of one habit, from its logged days (worked examples)."""

import datetime

from habits.selectors import habit_figures

TODAY = datetime.date(2025, 12, 18)  # a Thursday; its ISO week runs 15 to 21 December


def d(text):
    return datetime.date.fromisoformat(text)


def days(*texts):
    return {d(text) for text in texts}


def figures(days, *, schedule_type="daily", target_count=None, start="2025-12-01", today=TODAY):
    return habit_figures(
        schedule_type=schedule_type,
        target_count=target_count,
        days=days,
        today=today,
        start=d(start),
    ).as_dict()


# Daily ------------------------------------------------------------------------------

# Created 1 December. Done 10-13 (a run of 4), missed 14, done 15-17 (a run of 3).
GAP = days(
    "2025-12-10", "2025-12-11", "2025-12-12", "2025-12-13",
    "2025-12-15", "2025-12-16", "2025-12-17",
)  # fmt: skip


def test_daily_streak_runs_to_yesterday_while_today_is_not_logged_and_stops_at_the_gap():
    # The original application tolerated the one-day gap (7) and reported the oldest run (4).
    assert figures(GAP) == {
        "current_streak": 3,  # 15, 16, 17: today not logged yet does not break it
        "best_streak": 4,  # 10 to 13
        "done_today": False,
        # 12 to 18: 12, 13, 15, 16, 17 met, 14 missed; today unfinished, not counted: 5/6.
        "completion_7d": 0.8333,
        # 19 Nov to 18 Dec, from the creation on 1 Dec: 1 to 17 Dec counted (17), 7 met.
        "completion_30d": 0.4118,
    }


def test_logging_today_extends_the_streak_and_counts_today():
    assert figures(GAP | days("2025-12-18")) == {
        "current_streak": 4,
        "best_streak": 4,
        "done_today": True,
        "completion_7d": 0.8571,  # 6/7
        "completion_30d": 0.4444,  # 8/18
    }


def test_a_missed_yesterday_ends_the_streak_even_when_today_is_done():
    result = figures(days("2025-12-15", "2025-12-16", "2025-12-18"))

    assert (result["current_streak"], result["best_streak"]) == (1, 2)


def test_a_missed_yesterday_and_today_not_done_is_no_streak():
    result = figures(days("2025-12-15", "2025-12-16"))

    assert (result["current_streak"], result["best_streak"], result["done_today"]) == (0, 2, False)


def test_logs_after_today_are_ignored():
    result = figures(days("2025-12-17", "2025-12-19", "2025-12-20"))

    assert (result["current_streak"], result["best_streak"]) == (1, 1)


def test_completion_counts_only_days_from_the_creation_date():
    # Created on the 16th, done on the 16th and 17th: 2 of 2 counted days (today unfinished).
    result = figures(days("2025-12-16", "2025-12-17"), start="2025-12-16")

    assert (result["completion_7d"], result["completion_30d"]) == (1.0, 1.0)


def test_a_log_before_the_creation_date_moves_the_start_back():
    # Created on the 16th with a back-filled log of the 10th: the habit starts on the 10th.
    result = figures(days("2025-12-10", "2025-12-17"), start="2025-12-16")

    assert result["completion_7d"] == 0.1667  # 12 to 17 counted (6 days), the 17th met
    assert result["completion_30d"] == 0.25  # 10 to 17 counted (8 days), 10th and 17th met


def test_a_habit_created_today_and_not_done_has_no_completion_yet():
    assert figures(set(), start="2025-12-18") == {
        "current_streak": 0,
        "best_streak": 0,
        "done_today": False,
        "completion_7d": None,
        "completion_30d": None,
    }


def test_unknown_schedule_type_is_measured_as_daily():
    assert figures(GAP, schedule_type="monthly") == figures(GAP)
    assert figures(GAP, schedule_type="") == figures(GAP)


# Weekly -----------------------------------------------------------------------------

# Two distinct days a week, created 1 November. ISO weeks (Mondays):
#   17 Nov: 17, 20       -> met
#   24 Nov: 25, 27       -> met
#    1 Dec: 2 only       -> missed (a duplicate of the 2nd would still be one day)
#    8 Dec: 8, 12        -> met
#   15 Dec: 16 (so far)  -> this week, not met yet
WEEKS = days(
    "2025-11-17", "2025-11-20", "2025-11-25", "2025-11-27",
    "2025-12-02", "2025-12-08", "2025-12-12", "2025-12-16",
)  # fmt: skip


def weekly(days, **kwargs):
    return figures(days, schedule_type="weekly", target_count=2, start="2025-11-01", **kwargs)


def test_weekly_streak_counts_weeks_meeting_the_target_and_runs_to_last_week():
    assert weekly(WEEKS) == {
        "current_streak": 1,  # the week of 8 Dec; the week of 1 Dec missed its target
        "best_streak": 2,  # the weeks of 17 and 24 Nov
        "done_today": False,
        # Weeks touching 12-18 Dec: 8 Dec (met); this week unfinished and not met: 1/1.
        "completion_7d": 1.0,
        # Weeks touching 19 Nov-18 Dec: 17 Nov, 24 Nov, 1 Dec, 8 Dec counted, 3 met.
        "completion_30d": 0.75,
    }


def test_meeting_this_weeks_target_extends_the_weekly_streak():
    assert weekly(WEEKS | days("2025-12-18")) == {
        "current_streak": 2,
        "best_streak": 2,
        "done_today": True,
        "completion_7d": 1.0,  # 2/2
        "completion_30d": 0.8,  # 4/5
    }


def test_a_weekly_habit_missing_last_weeks_target_has_no_current_streak():
    # Only the 8th in the week of 8 Dec: 1 of 2 days, missed.
    result = weekly(WEEKS - days("2025-12-12"))

    assert (result["current_streak"], result["best_streak"]) == (0, 2)
    assert result["completion_7d"] == 0.0


def test_weekly_target_null_or_below_one_is_one_day():
    one_a_week = days("2025-12-02", "2025-12-08", "2025-12-18")
    expected = {
        "current_streak": 3,
        "best_streak": 3,
        "done_today": True,
        "completion_7d": 1.0,
        "completion_30d": 1.0,
    }

    for target in (None, 0, -2):
        result = figures(one_a_week, schedule_type="weekly", target_count=target)
        assert result == expected
    assert figures(one_a_week, schedule_type=" Weekly ", target_count=1) == expected


def test_a_week_on_sunday_is_the_only_week_of_the_last_seven_days():
    sunday = datetime.date(2025, 12, 21)
    result = weekly(WEEKS | days("2025-12-18"), today=sunday)

    assert result["completion_7d"] == 1.0  # the week of 15 Dec, met
    assert result["current_streak"] == 2
