"""The skills' figures against small worked examples: totals, streaks, time zones, legacy rows."""

import datetime

import pytest

from lifeos.testing.builders import make_user
from skills import selectors
from skills.models import PracticeSession, Skill
from skills.selectors import STREAK_WINDOW_DAYS, skill_get, skill_list, streak_days, today_view
from skills.tests.conftest import practice, utc

pytestmark = pytest.mark.django_db

D = datetime.date


def test_totals_count_and_last_practiced_at(user):
    piano = Skill.objects.create(user=user, name="Piano")
    practice(piano, "2025-03-01 08:00", minutes=30)
    practice(piano, "2025-03-03 19:15", minutes=45)
    practice(piano, "2025-03-02 12:00", minutes=15)
    Skill.objects.create(user=user, name="Chess")

    skills = skill_list(user=user, today=D(2025, 3, 3))

    # 30 + 45 + 15 = 90 minutes in 3 sessions, the latest on 3 March at 19:15.
    assert [
        (s["name"], s["total_minutes"], s["sessions"], s["last_practiced_at"]) for s in skills
    ] == [
        ("Chess", 0, 0, None),
        ("Piano", 90, 3, utc("2025-03-03 19:15")),
    ]
    # 1, 2 and 3 March: three days in a row ending today.
    assert [s["streak_days"] for s in skills] == [0, 3]


def test_streak_across_a_gap_counts_only_the_latest_run(user):
    piano = Skill.objects.create(user=user, name="Piano")
    # 1, 2 March; nothing on 3 March; 4 and 5 March (two sessions on the 5th).
    for when in (
        "2025-03-01 09:00",
        "2025-03-02 09:00",
        "2025-03-04 09:00",
        "2025-03-05 07:00",
        "2025-03-05 21:00",
    ):
        practice(piano, when)

    def streak(today):
        return skill_get(user=user, skill_id=piano.pk, today=today)["streak_days"]

    assert streak(D(2025, 3, 5)) == 2  # 4 and 5 March; the gap on the 3rd ends it
    assert streak(D(2025, 3, 6)) == 2  # today not practised yet: the run to yesterday counts
    assert streak(D(2025, 3, 7)) == 0  # yesterday missed too
    assert streak(D(2025, 3, 3)) == 2  # 1 and 2 March, seen on the 3rd before practising
    assert streak(D(2025, 3, 2)) == 2  # the sessions after "today" do not count


def test_streak_days_of_a_set_of_days():
    days = {D(2025, 3, 1), D(2025, 3, 2), D(2025, 3, 4)}

    assert streak_days(days, D(2025, 3, 4)) == 1
    assert streak_days(days, D(2025, 3, 5)) == 1
    assert streak_days(days, D(2025, 3, 3)) == 2
    assert streak_days(set(), D(2025, 3, 3)) == 0


def test_local_day_in_seoul_differs_from_utc():
    seoul = make_user("seoul", timezone="Asia/Seoul")  # UTC+9
    london = make_user("london", timezone="UTC")
    for owner in (seoul, london):
        skill = Skill.objects.create(user=owner, name="Go")
        practice(skill, "2025-03-01 10:00")  # 1 March 19:00 in Seoul, 1 March in UTC
        practice(skill, "2025-03-01 16:30")  # 2 March 01:30 in Seoul, still 1 March in UTC

    # On 2 March, Seoul has practised 1 and 2 March; UTC only 1 March (yesterday).
    assert skill_list(user=seoul, today=D(2025, 3, 2))[0]["streak_days"] == 2
    assert skill_list(user=london, today=D(2025, 3, 2))[0]["streak_days"] == 1
    # On 3 March (not practised yet) Seoul's run still ends yesterday; UTC's ended the day before.
    assert skill_list(user=seoul, today=D(2025, 3, 3))[0]["streak_days"] == 2
    assert skill_list(user=london, today=D(2025, 3, 3))[0]["streak_days"] == 0


def test_local_day_west_of_utc():
    user = make_user("la", timezone="America/Los_Angeles")  # UTC-8 in winter
    skill = Skill.objects.create(user=user, name="Surf")
    practice(skill, "2025-01-10 06:00")  # 9 January 22:00 in Los Angeles
    practice(skill, "2025-01-10 20:00")  # 10 January 12:00

    assert skill_get(user=user, skill_id=skill.pk, today=D(2025, 1, 10))["streak_days"] == 2
    assert today_view(user=user, today=D(2025, 1, 10))["skills"][0]["streak_days"] == 2


def test_legacy_sessions_with_null_user_id_count_for_the_skills_owner(user):
    piano = Skill.objects.create(user=user, name="Piano")
    practice(piano, "2025-03-01 09:00", minutes=20)
    legacy = practice(piano, "2025-03-02 09:00", minutes=40)
    # The original application leaves user_id NULL (the trigger fills inserts; old rows stay).
    PracticeSession.objects.filter(pk=legacy.pk).update(user=None)

    data = skill_get(user=user, skill_id=piano.pk, today=D(2025, 3, 2))

    assert (data["total_minutes"], data["sessions"], data["streak_days"]) == (60, 2, 2)
    assert today_view(user=user, today=D(2025, 3, 2))["skills"][0]["streak_days"] == 2


def test_another_users_sessions_are_not_counted(user, other_user):
    mine = Skill.objects.create(user=user, name="Piano")
    theirs = Skill.objects.create(user=other_user, name="Piano")
    practice(mine, "2025-03-02 09:00", minutes=10)
    practice(theirs, "2025-03-01 09:00", minutes=99)

    (data,) = skill_list(user=user, today=D(2025, 3, 2))

    assert (data["total_minutes"], data["sessions"], data["streak_days"]) == (10, 1, 1)
    with pytest.raises(Skill.DoesNotExist):
        skill_get(user=user, skill_id=theirs.pk)


def test_a_streak_longer_than_the_window_reads_the_earlier_days(user, django_assert_num_queries):
    piano = Skill.objects.create(user=user, name="Piano")
    chess = Skill.objects.create(user=user, name="Chess")
    today = D(2025, 6, 30)
    days = STREAK_WINDOW_DAYS + 8
    PracticeSession.objects.bulk_create(
        PracticeSession(
            skill=piano,
            user=user,
            practiced_at=utc(f"{today - datetime.timedelta(days=offset)} 12:00"),
            duration_minutes=10,
        )
        for offset in range(days)
    )
    practice(piano, f"{today - datetime.timedelta(days=days + 1)} 12:00")  # after a one-day gap
    practice(chess, f"{today} 08:00")

    # Skills with totals, the window's days, then the earlier days of Piano only.
    with django_assert_num_queries(3):
        skills = skill_list(user=user, today=today)

    assert [(s["name"], s["streak_days"]) for s in skills] == [("Chess", 1), ("Piano", days)]
    assert skill_get(user=user, skill_id=piano.pk, today=today)["streak_days"] == days


def test_skill_list_queries_do_not_grow_with_skills(user, django_assert_num_queries):
    for number in range(20):
        skill = Skill.objects.create(user=user, name=f"Skill {number}")
        practice(skill, "2025-03-01 09:00")
        practice(skill, "2025-03-02 09:00")

    with django_assert_num_queries(2):
        skills = skill_list(user=user, today=D(2025, 3, 2))

    assert {s["streak_days"] for s in skills} == {2}


def test_today_view_lists_skills_practised_in_the_last_seven_days(user, django_assert_num_queries):
    piano = Skill.objects.create(user=user, name="Piano")
    spanish = Skill.objects.create(user=user, name="Spanish")
    chess = Skill.objects.create(user=user, name="Chess")
    Skill.objects.create(user=user, name="Never")
    practice(piano, "2025-03-09 18:00")
    practice(piano, "2025-03-10 07:30")
    practice(spanish, "2025-03-04 12:00")  # 6 days before 10 March: still in the 7 days
    practice(chess, "2025-03-03 12:00")  # 7 days before: out
    practice(chess, "2025-03-11 12:00")  # tomorrow (logged in advance): not shown

    with django_assert_num_queries(1):
        view = today_view(user=user, today=D(2025, 3, 10))

    assert view == {
        "skills": [
            {
                "id": piano.pk,
                "name": "Piano",
                "streak_days": 2,
                "last_practiced_at": utc("2025-03-10 07:30"),
            },
            {
                "id": spanish.pk,
                "name": "Spanish",
                "streak_days": 0,
                "last_practiced_at": utc("2025-03-04 12:00"),
            },
        ]
    }


def test_today_view_is_empty_without_recent_practice(user):
    assert today_view(user=user, today=D(2025, 3, 10)) == {"skills": []}


def test_local_date_converts_naive_utc_columns_on_both_backends(user):
    skill = Skill.objects.create(user=user, name="Piano")
    practice(skill, "2025-03-01 23:30")

    day = (
        PracticeSession.objects.annotate(day=selectors.LocalDate("practiced_at", "Europe/Paris"))
        .values_list("day", flat=True)
        .get()
    )

    assert day == D(2025, 3, 2)  # 00:30 on 2 March in Paris (UTC+1)
