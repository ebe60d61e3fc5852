"""Date and time inputs of every app are range-checked before they reach the database."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import override_settings

from lifeos.fields import UTCDateTimeField
from lifeos.testing.builders import make_user
from lifeos.validators import is_storable_datetime, validate_storable_datetime
from skills.models import PracticeSession, Skill

PLUS_ONE = datetime.timezone(datetime.timedelta(hours=1))
MINUS_FIVE = datetime.timezone(-datetime.timedelta(hours=5))
PROJECT_APPS = ("lifeos", "finance", "journal", "habits", "health", "skills", "projects")


def test_every_datetime_column_of_every_app_validates_its_range():
    fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in (*PROJECT_APPS, "relationships")
        for field in model._meta.concrete_fields
        if isinstance(field, UTCDateTimeField)
        and validate_storable_datetime not in field.validators
    ]
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in (*PROJECT_APPS, "relationships")
        for field in model._meta.concrete_fields
        if type(field).__name__ == "DateTimeField"
    ]

    assert fields == []
    assert plain == []


@pytest.mark.parametrize(
    ("value", "storable"),
    [
        (datetime.datetime(1, 1, 1, tzinfo=datetime.UTC), True),
        (datetime.datetime(1, 1, 1, tzinfo=PLUS_ONE), False),
        (datetime.datetime(1, 1, 1, 1, tzinfo=PLUS_ONE), True),
        (datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC), True),
        (datetime.datetime(9999, 12, 31, 19, tzinfo=MINUS_FIVE), False),
        (datetime.datetime(9999, 12, 31, 18, 59, tzinfo=MINUS_FIVE), True),
    ],
)
def test_is_storable_datetime(value, storable):
    assert is_storable_datetime(value) is storable


def test_model_validation_names_the_field_and_the_range(db):
    user = make_user("ranges")
    skill = Skill.objects.create(user=user, name="Piano")
    session = PracticeSession(
        user=user, skill=skill, practiced_at=datetime.datetime(1, 1, 1, tzinfo=PLUS_ONE)
    )

    with pytest.raises(ValidationError) as caught:
        session.full_clean()

    assert caught.value.message_dict == {
        "practiced_at": [
            "Enter a date and time between 0001-01-01T00:00:00+00:00 and "
            "9999-12-31T23:59:59.999999+00:00 (in UTC); 0001-01-01T00:00:00+01:00 is "
            "outside that range."
        ]
    }


@override_settings(TIME_ZONE="America/New_York")
def test_admin_add_form_rejects_a_datetime_past_the_range_in_utc(client, db):
    admin = make_user("root", is_staff=True, is_superuser=True)
    skill = Skill.objects.create(user=admin, name="Piano")
    client.force_login(admin)

    response = client.post(
        "/admin/skills/practicesession/add/",
        {
            "user": admin.pk,
            "skill": skill.pk,
            "practiced_at_0": "9999-12-31",
            "practiced_at_1": "23:00:00",
            "duration_minutes": "30",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "practiced_at": [
            "Enter a date and time between 0001-01-01T00:00:00+00:00 and "
            "9999-12-31T23:59:59.999999+00:00 (in UTC); 9999-12-31T23:00:00-05:00 is "
            "outside that range."
        ]
    }
    assert not PracticeSession.objects.exists()
