"""The skills endpoints over HTTP: round trips, figures, cross-user access and bad input."""

import datetime

import pytest
from django.utils import timezone

from lifeos.dates import user_today
from skills.models import Metric, PracticeSession, Skill
from skills.tests.conftest import practice

pytestmark = pytest.mark.django_db

SKILLS = "/skills"


def test_skill_round_trip(api):
    created = api.send(
        "post",
        SKILLS,
        {
            "name": "  Piano ",
            "category": "music",
            "level": "intermediate",
            "current_level": 4,
            "target_level": "7",
            "tags": ["music", " practice ", "music"],
        },
    )
    skill_id = created.json()["id"]
    changed = api.send("patch", f"{SKILLS}/{skill_id}", {"difficulty": "hard", "category": ""})

    assert created.status_code == 201
    body = created.json()
    assert {key: body[key] for key in body if key not in ("created_at", "updated_at")} == {
        "id": skill_id,
        "name": "Piano",
        "category": "music",
        "level": "intermediate",
        "difficulty": None,
        "current_level": 4,
        "target_level": 7,
        "description": None,
        "tags": ["music", "practice"],
        "total_minutes": 0,
        "sessions": 0,
        "last_practiced_at": None,
        "streak_days": 0,
    }
    assert changed.status_code == 200
    assert (changed.json()["difficulty"], changed.json()["category"]) == ("hard", None)
    assert changed.json()["level"] == "intermediate"  # not sent: unchanged
    assert api.get(SKILLS).json() == [changed.json()]
    assert api.get(f"{SKILLS}/{skill_id}").json() == changed.json()
    assert api.send("delete", f"{SKILLS}/{skill_id}").status_code == 204
    assert api.get(f"{SKILLS}/{skill_id}").status_code == 404


def test_a_new_skill_is_a_beginner_without_tags(api):
    body = api.send("post", SKILLS, {"name": "Chess"}).json()

    assert (body["level"], body["tags"]) == ("beginner", [])


def test_sessions_add_up_in_the_skills_figures(api, user):
    skill_id = api.send("post", SKILLS, {"name": "Piano"}).json()["id"]
    today = user_today(user)
    yesterday = today - datetime.timedelta(days=1)

    first = api.send(
        "post",
        f"{SKILLS}/{skill_id}/sessions",
        {"duration_minutes": 30, "practiced_at": f"{yesterday}T18:00:00Z", "intensity": 3},
    )
    second = api.send(
        "post",
        f"{SKILLS}/{skill_id}/sessions",
        {"duration_minutes": "45", "practiced_at": f"{yesterday}T19:00:00Z", "notes": " Scales "},
    )

    assert first.status_code == 201
    assert second.json()["notes"] == "Scales"
    assert second.json()["practiced_at"] == f"{yesterday}T19:00:00Z"
    # 30 + 45 minutes in two sessions, both yesterday: a one-day streak, today not yet practised.
    assert {
        key: second.json()["skill"][key] for key in ("total_minutes", "sessions", "streak_days")
    } == {
        "total_minutes": 75,
        "sessions": 2,
        "streak_days": 1,
    }
    assert second.json()["skill"]["last_practiced_at"] == f"{yesterday}T19:00:00Z"
    third = api.send("post", f"{SKILLS}/{skill_id}/sessions", {"duration_minutes": 10})
    # Without practiced_at the session is now: today joins the streak.
    assert third.json()["skill"]["streak_days"] == 2
    assert third.json()["skill"]["total_minutes"] == 85


def test_a_time_without_offset_is_in_the_users_zone(api, user):
    user.timezone = "Asia/Seoul"
    user.save()
    skill_id = api.send("post", SKILLS, {"name": "Go"}).json()["id"]

    session = api.send(
        "post",
        f"{SKILLS}/{skill_id}/sessions",
        {"duration_minutes": 20, "practiced_at": "2025-03-02T01:30"},
    )
    day_only = api.send(
        "post",
        f"{SKILLS}/{skill_id}/sessions",
        {"duration_minutes": 20, "practiced_at": "2025-03-05"},
    )

    assert session.json()["practiced_at"] == "2025-03-01T16:30:00Z"
    assert day_only.json()["practiced_at"] == "2025-03-04T15:00:00Z"  # the start of the local day


def test_the_skill_list_counts_legacy_sessions_with_null_user_id(api, user):
    piano = Skill.objects.create(user=user, name="Piano")
    legacy = practice(piano, timezone.now(), minutes=25)
    PracticeSession.objects.filter(pk=legacy.pk).update(user=None)

    (body,) = api.get(SKILLS).json()

    assert (body["total_minutes"], body["sessions"], body["streak_days"]) == (25, 1, 1)


def test_the_skill_list_filters_by_category(api, user):
    Skill.objects.create(user=user, name="Piano", category="music")
    Skill.objects.create(user=user, name="Spanish", category="languages")

    assert [s["name"] for s in api.get(SKILLS, {"category": "music"}).json()] == ["Piano"]


def test_metrics_round_trip(api):
    skill_id = api.send("post", SKILLS, {"name": "Typing"}).json()["id"]

    created = api.send(
        "post",
        f"{SKILLS}/{skill_id}/metrics",
        {"name": "speed", "value": "72.5", "unit": "wpm", "recorded_at": "2025-03-01T10:00:00Z"},
    )
    api.send(
        "post",
        f"{SKILLS}/{skill_id}/metrics",
        {"name": "speed", "value": 80, "unit": "wpm", "recorded_at": "2025-04-01T10:00:00Z"},
    )
    api.send("post", f"{SKILLS}/{skill_id}/metrics", {"name": "accuracy", "value": "0.97"})

    assert created.status_code == 201
    assert created.json() == {
        "id": created.json()["id"],
        "skill_id": skill_id,
        "name": "speed",
        "value": "72.50",
        "unit": "wpm",
        "recorded_at": "2025-03-01T10:00:00Z",
    }
    speed = api.get(f"{SKILLS}/{skill_id}/metrics", {"name": "speed"}).json()
    assert [(m["value"], m["recorded_at"]) for m in speed] == [
        ("72.50", "2025-03-01T10:00:00Z"),
        ("80.00", "2025-04-01T10:00:00Z"),
    ]
    assert len(api.get(f"{SKILLS}/{skill_id}/metrics").json()) == 3


def test_another_users_skill_is_404_like_a_missing_one(api, other_user):
    theirs = Skill.objects.create(user=other_user, name="Secret")
    practice(theirs, timezone.now(), minutes=5)

    responses = [
        api.get(f"{SKILLS}/{theirs.pk}"),
        api.send("patch", f"{SKILLS}/{theirs.pk}", {"name": "Mine now"}),
        api.send("delete", f"{SKILLS}/{theirs.pk}"),
        api.send("post", f"{SKILLS}/{theirs.pk}/sessions", {"duration_minutes": 10}),
        api.get(f"{SKILLS}/{theirs.pk}/metrics"),
        api.send("post", f"{SKILLS}/{theirs.pk}/metrics", {"name": "x", "value": "1"}),
        api.get(f"{SKILLS}/{theirs.pk + 1000}"),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, {"error": "Not found."})] * 7
    theirs.refresh_from_db()
    assert theirs.name == "Secret"
    assert PracticeSession.objects.filter(skill=theirs).count() == 1
    assert not Metric.objects.exists()
    assert api.get(SKILLS).json() == []


def test_another_users_skill_name_is_free_to_use(api, other_user):
    Skill.objects.create(user=other_user, name="Piano")

    assert api.send("post", SKILLS, {"name": "Piano"}).status_code == 201


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name"}),
        ({"name": "   "}, {"name"}),
        ({"name": "x" * 256}, {"name"}),
        ({"name": 5}, {"name"}),
        ({"name": "Piano", "level": ""}, {"level"}),
        ({"name": "Piano", "level": "x" * 33}, {"level"}),
        (
            {"name": "Piano", "current_level": -1, "target_level": "ten"},
            {"current_level", "target_level"},
        ),
        ({"name": "Piano", "current_level": True}, {"current_level"}),
        ({"name": "Piano", "tags": "music"}, {"tags"}),
        ({"name": "Piano", "tags": ["ok", 3]}, {"tags"}),
        ({"name": "Piano", "category": "c" * 129}, {"category"}),
    ],
)
def test_bad_skill_is_400_naming_the_fields_and_writes_nothing(api, body, fields):
    response = api.send("post", SKILLS, body)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    assert not Skill.objects.exists()


def test_a_duplicate_name_is_400_on_create_and_rename(api, user):
    Skill.objects.create(user=user, name="Piano")
    chess = Skill.objects.create(user=user, name="Chess")

    created = api.send("post", SKILLS, {"name": "Piano "})
    renamed = api.send("patch", f"{SKILLS}/{chess.pk}", {"name": "Piano"})
    unchanged = api.send("patch", f"{SKILLS}/{chess.pk}", {"name": "Chess"})

    assert (created.status_code, list(created.json()["errors"])) == (400, ["name"])
    assert created.json()["error"] == "You already have a skill named 'Piano'."
    assert (renamed.status_code, list(renamed.json()["errors"])) == (400, ["name"])
    assert unchanged.status_code == 200
    assert Skill.objects.count() == 2


def test_a_patch_may_not_clear_the_name(api, user):
    piano = Skill.objects.create(user=user, name="Piano")

    response = api.send("patch", f"{SKILLS}/{piano.pk}", {"name": None})

    assert (response.status_code, list(response.json()["errors"])) == (400, ["name"])
    piano.refresh_from_db()
    assert piano.name == "Piano"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"duration_minutes"}),
        ({"duration_minutes": 0}, {"duration_minutes"}),
        ({"duration_minutes": 1441}, {"duration_minutes"}),
        ({"duration_minutes": 2.5}, {"duration_minutes"}),
        ({"duration_minutes": "half an hour"}, {"duration_minutes"}),
        ({"duration_minutes": 30, "intensity": 11}, {"intensity"}),
        ({"duration_minutes": 30, "practiced_at": "yesterday"}, {"practiced_at"}),
        ({"duration_minutes": 30, "practiced_at": "2025-02-30"}, {"practiced_at"}),
        ({"duration_minutes": 30, "practiced_at": "0001-01-01T00:00:00+01:00"}, {"practiced_at"}),
        ({"duration_minutes": 30, "practiced_at": "9999-12-31T23:00:00-05:00"}, {"practiced_at"}),
        ({"duration_minutes": -5, "notes": 3}, {"duration_minutes", "notes"}),
    ],
)
def test_bad_session_is_400_naming_the_fields_and_writes_nothing(api, user, body, fields):
    piano = Skill.objects.create(user=user, name="Piano")

    response = api.send("post", f"{SKILLS}/{piano.pk}/sessions", body)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    assert not PracticeSession.objects.exists()


def test_an_out_of_range_time_names_the_field_and_the_range(api, user):
    piano = Skill.objects.create(user=user, name="Piano")

    response = api.send(
        "post",
        f"{SKILLS}/{piano.pk}/sessions",
        {"duration_minutes": 30, "practiced_at": "0001-01-01T00:00:00+01:00"},
    )

    assert response.json()["error"].startswith(
        "practiced_at '0001-01-01T00:00:00+01:00' is out of range"
    )


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name", "value"}),
        ({"name": "speed", "value": "fast"}, {"value"}),
        ({"name": "speed", "value": "1.005"}, {"value"}),
        ({"name": "speed", "value": "100000000"}, {"value"}),
        ({"name": "speed", "value": "NaN"}, {"value"}),
        ({"name": "speed", "value": "1", "unit": "u" * 33}, {"unit"}),
        ({"name": "speed", "value": "1", "recorded_at": "0000-12-31"}, {"recorded_at"}),
    ],
)
def test_bad_metric_is_400_naming_the_fields_and_writes_nothing(api, user, body, fields):
    piano = Skill.objects.create(user=user, name="Piano")

    response = api.send("post", f"{SKILLS}/{piano.pk}/metrics", body)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    assert not Metric.objects.exists()


def test_endpoints_read_in_bounded_queries(api, user, django_assert_max_num_queries):
    for number in range(15):
        skill = Skill.objects.create(user=user, name=f"Skill {number}")
        practice(skill, timezone.now(), minutes=number + 1)
        Metric.objects.create(skill=skill, name="score", value=number)

    # The session and auth lookups, then at most three queries of the selectors.
    with django_assert_max_num_queries(5):
        listed = api.get(SKILLS)
    with django_assert_max_num_queries(5):
        one = api.get(f"{SKILLS}/{skill.pk}")
    with django_assert_max_num_queries(4):
        metrics = api.get(f"{SKILLS}/{skill.pk}/metrics")

    assert len(listed.json()) == 15
    assert one.json()["total_minutes"] == 15
    assert len(metrics.json()) == 1
