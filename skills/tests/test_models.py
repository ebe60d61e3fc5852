"""Practice sessions and metrics belong to their skill's user."""

import datetime
from decimal import Decimal

import pytest

from lifeos.querysets import OwnerMismatchError
from lifeos.testing.builders import make_user
from skills.models import Metric, PracticeSession, Skill

AT = datetime.datetime(2025, 12, 18, 19, 30, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_sessions_and_metrics_take_their_skills_user():
    ada = make_user("ada@example.com")
    piano = Skill.objects.create(user=ada, name="Piano", category="music")

    session = PracticeSession.objects.create(skill=piano, practiced_at=AT, intensity=3)
    metric = Metric.objects.create(skill=piano, name="tempo", value=Decimal("96.50"), unit="bpm")

    assert PracticeSession.objects.values_list(
        "user_id", "duration_minutes", "intensity", "practiced_at"
    ).get(pk=session.pk) == (ada.pk, 0, 3, AT)
    assert Metric.objects.values_list("user_id", "name", "value", "unit").get(pk=metric.pk) == (
        ada.pk,
        "tempo",
        Decimal("96.50"),
        "bpm",
    )
    assert piano.level == "beginner"


@pytest.mark.django_db
def test_a_session_cannot_belong_to_another_user_than_its_skill():
    ada, bob = make_user("ada@example.com"), make_user("bob@example.com")
    piano = Skill.objects.create(user=ada, name="Piano")

    with pytest.raises(OwnerMismatchError):
        PracticeSession.objects.create(skill=piano, user=bob, practiced_at=AT)
