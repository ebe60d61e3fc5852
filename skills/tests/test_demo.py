"""The skills demo: three skills with levels and tags, sessions and improving metrics."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from skills.models import Metric, PracticeSession, Skill


@pytest.mark.django_db
def test_demo_skills_sessions_and_metrics(demo_data):
    user = get_user_model().objects.get(email=demo_data.demo_users[0])

    skills = list(
        Skill.objects.for_user(user)
        .order_by("name")
        .values_list(
            "name", "category", "level", "difficulty", "current_level", "target_level", "tags"
        )
    )
    assert skills == [
        ("Piano", "music", "intermediate", "hard", 4, 7, ["music", "practice"]),
        ("Python", "programming", "advanced", "medium", 7, 9, ["work", "coding"]),
        ("Spanish", "languages", "beginner", "medium", 2, 6, ["language", "travel"]),
    ]

    sessions = PracticeSession.objects.for_user(user)
    assert sessions.exists()
    assert not sessions.exclude(skill__user=user).exists()
    assert set(sessions.values_list("intensity", flat=True)) <= {1, 2, 3, 4, 5}
    assert not sessions.filter(duration_minutes__lt=10).exists()

    tempo = list(
        Metric.objects.for_user(user)
        .filter(skill__name="Piano")
        .order_by("recorded_at")
        .values_list("name", "unit", "value")
    )
    assert len(tempo) == 12
    assert {(name, unit) for name, unit, _ in tempo} == {("tempo", "bpm")}
    values = [value for _, _, value in tempo]
    assert values == sorted(values)
    assert Decimal("60") <= values[0] < values[-1] <= Decimal("104")


@pytest.mark.django_db
def test_demo_shows_every_skills_summary_on_the_day_of_the_seed(demo_data):
    from lifeos.testing.demo import DEMO_TODAY
    from skills.selectors import skill_list, today_view

    user = get_user_model().objects.get(email=demo_data.demo_users[0])

    skills = {s["name"]: s for s in skill_list(user=user, today=DEMO_TODAY)}
    view = today_view(user=user, today=DEMO_TODAY)

    assert all(s["sessions"] > 0 and s["total_minutes"] > 0 for s in skills.values())
    assert all(s["last_practiced_at"] is not None for s in skills.values())
    # Piano: the three days before the seed's day, not yet on the day itself.
    assert skills["Piano"]["streak_days"] == 3
    assert [(s["name"], s["streak_days"]) for s in view["skills"]] == [("Piano", 3), ("Spanish", 0)]
    assert Metric.objects.for_user(user).filter(skill__name="Spanish").exists()
