"""The database-tagged system check reports what verify_schema reports; nothing is silenced."""

import io

import pytest
from django.conf import settings as django_settings
from django.core.checks import Error, Tags, run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connections

from lifeos.checks import check_schema
from lifeos.schema.verification import check_id, verify
from lifeos.testing.drift import drop_index, drop_table
from lifeos.tests.test_verification import accounts


@pytest.fixture
def migrated(migrated_scratch_db):
    return migrated_scratch_db


def test_plain_check_does_not_touch_the_database():
    # No django_db mark: any database access here raises.
    assert check_schema(databases=None) == []
    call_command("check", verbosity=0)


def test_check_with_database_reports_the_same_problems_as_errors(migrated):
    drop_index(migrated, "ix_health_workout_user_date")
    drop_table(migrated, "skill_metric")
    accounts(migrated, ("Rent", ""))

    errors = [
        e
        for e in run_checks(tags=[Tags.database], databases=[migrated])
        if e.id.startswith("lifeos.")
    ]

    expected = verify(connections[migrated]).problems
    assert [(e.id, e.msg, e.hint) for e in errors] == [
        (check_id(p.kind), p.message, f"repair: {p.repair}") for p in expected
    ]
    assert [e.id for e in errors] == ["lifeos.E008", "lifeos.E001", "lifeos.E013"]
    assert all(e.is_serious() for e in errors)


def test_check_command_with_database_fails_naming_the_problem(migrated):
    drop_index(migrated, "ix_health_workout_user_date")

    with pytest.raises(SystemCheckError) as raised:
        call_command("check", databases=[migrated])

    assert "(lifeos.E008) index ix_health_workout_user_date" in str(raised.value)


def test_clean_database_passes_the_check(migrated):
    assert check_schema(databases=[migrated]) == []


def test_migrate_runs_despite_the_errors_it_repairs(migrated):
    drop_index(migrated, "ix_health_workout_user_date")

    call_command("migrate", database=migrated, verbosity=0, skip_checks=False)

    assert check_schema(databases=[migrated]) == []


def test_commands_silence_nothing():
    out = io.StringIO()

    call_command("check", stdout=out)

    assert django_settings.SILENCED_SYSTEM_CHECKS == []
    assert out.getvalue() == "System check identified no issues (0 silenced).\n"


def _e034(name, model):
    return Error(
        f"The index name '{name}' cannot be longer than 30 characters.",
        obj=model,
        id="models.E034",
    )


def test_only_oracles_index_name_limit_on_the_projects_models_is_dropped(monkeypatch):
    from django.contrib.auth.models import Group

    from finance.models import Account
    from lifeos import checks as lifeos_checks

    fine, too_long, not_ours = (
        _e034("ix_" + "a" * 60, Account),  # 63 characters: PostgreSQL takes it
        _e034("ix_" + "a" * 61, Account),
        _e034("ix_" + "a" * 40, Group),
    )
    other = Error("another problem", obj=Account, id="models.E999")
    monkeypatch.setattr(
        lifeos_checks, "check_all_models", lambda **kwargs: [fine, too_long, not_ours, other]
    )

    assert lifeos_checks.check_models() == [too_long, not_ours, other]
