"""Adopting a database of the original application (revision 20251216), on both backends.

Each test gets a legacy database of its own, built from its DDL
(lifeos/testing/legacy_schema) and filled in every table as the original application
fills it, then migrated by ``migrate``. The filled and the migrated database are built
once per test process, as templates; each test works on a fresh copy of one.
"""

import copy

import bcrypt
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connections

from lifeos.normalization import normalize_account_name
from lifeos.querysets import OwnedThroughParentModel, UserScopedModel
from lifeos.schema.verification import LIFEOS_APPS, lifeos_models, schema_problems
from lifeos.testing import legacy
from lifeos.testing.fixtures import database_copy, template_database

# The only legacy values the migration rewrites, as documented in docs/migrations.md:
# normalized_name where it is '' (finance_account) and NULL user_id filled from the parent.
DOCUMENTED_REWRITES = {
    "finance_account": "normalized_name",
    "project_task": "user_id",
    "project_task_log": "user_id",
    "skill_practice_session": "user_id",
}


def migrate(alias):
    call_command("migrate", database=alias, verbosity=0, interactive=False)


def fetch(alias, sql, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def build_legacy_database(alias):
    """Fill empty database ``alias`` as a 20251216 one: (legacy columns per table, user ids)."""
    legacy.load_legacy_schema(alias)
    users = legacy.fill_legacy_database(alias)
    return legacy.legacy_columns(alias), users


@pytest.fixture(scope="session")
def _legacy_template_db(django_db_blocker, tmp_path_factory):
    """A filled 20251216 database built once per test process: (alias, columns, users)."""
    for alias, (columns, users) in template_database(
        django_db_blocker, tmp_path_factory, build_legacy_database
    ):
        yield alias, columns, users


@pytest.fixture
def legacy_db(django_db_blocker, _legacy_template_db):
    """A filled 20251216 database of the test's own (a copy of the filled template):
    (alias, legacy columns per table, legacy user ids)."""
    template, columns, users = copy.deepcopy(_legacy_template_db)
    for alias in database_copy(django_db_blocker, template):
        yield alias, columns, users


def untouched_columns(columns):
    """The legacy columns the migration must not rewrite, for the tables it backfills."""
    return {
        table: [c for c in columns[table] if c != column]
        for table, column in DOCUMENTED_REWRITES.items()
    }


def checksums_then_migrate(alias, columns):
    """Checksums of the legacy rows, taken before ``migrate``; then migrate ``alias``."""
    before = legacy.table_checksums(alias, columns)
    before.update(
        {
            f"{table} (untouched)": checksum
            for table, checksum in legacy.table_checksums(alias, untouched_columns(columns)).items()
        }
    )
    migrate(alias)
    return before


@pytest.fixture(scope="session")
def _adopted_template_db(django_db_blocker, tmp_path_factory, _legacy_template_db):
    """The filled legacy template migrated, once per test process: (alias, checksums before)."""
    template, columns, _ = _legacy_template_db
    yield from template_database(
        django_db_blocker,
        tmp_path_factory,
        lambda alias: checksums_then_migrate(alias, columns),
        source=template,
    )


@pytest.fixture
def adopted_db(django_db_blocker, _legacy_template_db, _adopted_template_db):
    """The legacy database after ``migrate`` (a copy of the adopted template), and
    checksums taken before it: (alias, legacy columns, legacy user ids, checksums)."""
    _, columns, users = copy.deepcopy(_legacy_template_db)
    template, before = copy.deepcopy(_adopted_template_db)
    for alias in database_copy(django_db_blocker, template):
        yield alias, columns, users, before


def lifeos_model_for(table):
    return next((m for m in lifeos_models() if m._meta.db_table == table), None)


def test_adoption_keeps_every_legacy_value_but_the_documented_backfills(adopted_db):
    alias, columns, _, before = adopted_db

    after = legacy.table_checksums(alias, columns)

    changed = sorted(table for table in after if before[table] != after[table])
    assert changed == sorted(DOCUMENTED_REWRITES)
    for table, checksum in legacy.table_checksums(alias, untouched_columns(columns)).items():
        assert checksum == before[f"{table} (untouched)"], table
    assert len(after) == 45
    assert all(count == before[table][0] for table, (count, _) in after.items())


def test_adoption_backfills_empty_normalized_names_and_keeps_written_ones(adopted_db):
    alias = adopted_db[0]

    rows = fetch(alias, "SELECT name, normalized_name FROM finance_account ORDER BY id")

    expected = [
        (name, written or normalize_account_name(name)) for name, written in legacy.ACCOUNT_NAMES
    ]
    assert rows == expected
    assert rows[1] == ("ΣΊΣΥΦΟΣ Fund", "σίσυφος fund")
    assert rows[2] == ("Ramen\tShops", "ramen\tshops")  # the original's LOWER(TRIM()) value stays


def test_adoption_fills_every_owner_from_the_parent_row(adopted_db):
    alias = adopted_db[0]
    owned = [m for m in lifeos_models() if issubclass(m, OwnedThroughParentModel)]

    assert sorted(m._meta.db_table for m in owned) == [
        "finance_journal_line",
        "finance_loan_group_link",
        "finance_money_schedule_scenario_row",
        "finance_receivable_manual_entry",
        "project_task",
        "project_task_log",
        "skill_metric",
        "skill_practice_session",
    ]
    for model in owned:
        parent = model._meta.get_field(model.owner_parent)
        rows = fetch(
            alias,
            f'SELECT t.user_id, p.user_id FROM "{model._meta.db_table}" t '
            f'JOIN "{parent.related_model._meta.db_table}" p ON p.id = t.{parent.column}',
        )
        assert len(rows) >= legacy.ROWS_PER_TABLE, model
        assert all(child == parent_user is not None for child, parent_user in rows), model


def test_adopted_database_verifies_and_a_second_migrate_changes_nothing(adopted_db):
    alias = adopted_db[0]
    # django_migrations is left out: forgetting the history re-records it.
    every_column = {
        table: columns
        for table, columns in legacy.legacy_columns(alias).items()
        if table != "django_migrations"
    }
    data = legacy.table_checksums(alias, every_column)
    schema = {table: legacy.describe(alias, table) for table in every_column}

    assert schema_problems(connections[alias]) == []
    migrate(alias)
    placeholders = ", ".join(["%s"] * len(LIFEOS_APPS))
    with connections[alias].cursor() as cursor:
        cursor.execute(f"DELETE FROM django_migrations WHERE app IN ({placeholders})", LIFEOS_APPS)
    migrate(alias)

    assert legacy.table_checksums(alias, every_column) == data
    assert {table: legacy.describe(alias, table) for table in every_column} == schema
    assert schema_problems(connections[alias]) == []


def test_legacy_user_logs_in_with_the_original_bcrypt_password(adopted_db):
    alias = adopted_db[0]
    User = apps.get_model("lifeos", "User")

    user = User.objects.db_manager(alias).get_by_natural_key("  Person0@Example.com ")

    assert user.email == "person0@example.com"
    assert user.password.startswith("$2b$12$")
    assert user.check_password(legacy.LEGACY_PASSWORD) is True
    assert user.check_password("wrong") is False
    assert (user.is_staff, user.is_superuser, user.last_login) == (False, False, None)


def test_password_set_by_django_verifies_as_the_original_checks_it(adopted_db, settings):
    settings.LIFEOS_BCRYPT_ROUNDS = 12
    alias = adopted_db[0]
    User = apps.get_model("lifeos", "User")
    user = User.objects.db_manager(alias).get(email="person1@example.com")

    user.set_password("nouveau mot de passe ✓")
    user.save(using=alias)

    ((stored,),) = fetch(alias, 'SELECT password_hash FROM "user" WHERE id = %s', [user.pk])
    assert len(stored) == 60 and stored.startswith("$2b$12$")
    assert bcrypt.checkpw("nouveau mot de passe ✓".encode(), stored.encode())


def test_legacy_style_inserts_succeed_and_reach_their_owner(adopted_db):
    alias, columns, _, _ = adopted_db
    tables = list(columns)  # the 45 legacy tables, parents first

    inserted = {table: legacy.legacy_insert(alias, table) for table in tables}

    assert len(inserted) == 45
    User = apps.get_model("lifeos", "User")
    for table, values in inserted.items():
        model = lifeos_model_for(table)
        if model is None or not issubclass(model, UserScopedModel):
            continue
        row = model.objects.using(alias).get(pk=values["id"])
        assert row.user_id is not None, table
        if isinstance(row, OwnedThroughParentModel):
            assert row.user_id == getattr(row, row.owner_parent).user_id, table
        owner = User.objects.using(alias).get(pk=row.user_id)
        assert model.objects.using(alias).for_user(owner).filter(pk=row.pk).exists(), table


def test_a_new_django_user_sees_no_legacy_rows(adopted_db):
    alias, _, users, _ = adopted_db
    User = apps.get_model("lifeos", "User")

    newcomer = User.objects.db_manager(alias).create_user("Newcomer@Example.com", "s3cret pass")

    assert newcomer.pk not in users
    assert newcomer.email == "newcomer@example.com"
    for model in lifeos_models():
        if issubclass(model, UserScopedModel):
            assert not model.objects.using(alias).for_user(newcomer).exists(), model


def test_adoption_completes_a_partially_migrated_legacy_database(adopted_db):
    alias, columns, _, _ = adopted_db
    data = legacy.table_checksums(alias, columns)
    placeholders = ", ".join(["%s"] * len(LIFEOS_APPS))
    with connections[alias].cursor() as cursor:
        cursor.execute(f"DELETE FROM django_migrations WHERE app IN ({placeholders})", LIFEOS_APPS)
        cursor.execute(
            "DROP TRIGGER tg_finance_journal_line_owner"
            + (" ON finance_journal_line" if connections[alias].vendor == "postgresql" else "")
        )
        cursor.execute("DROP INDEX ix_finance_journal_line_user_account_amounts")
        cursor.execute("UPDATE finance_journal_line SET user_id = NULL")

    migrate(alias)

    assert schema_problems(connections[alias]) == []
    assert legacy.table_checksums(alias, columns) == data
    assert fetch(alias, "SELECT COUNT(*) FROM finance_journal_line WHERE user_id IS NULL") == [(0,)]
    legacy.legacy_insert(alias, "finance_journal_line")
    assert fetch(alias, "SELECT COUNT(*) FROM finance_journal_line WHERE user_id IS NULL") == [(0,)]


def test_deleting_a_legacy_user_deletes_their_rows_everywhere_and_nothing_else(adopted_db):
    alias, columns, users, _ = adopted_db
    User = apps.get_model("lifeos", "User")
    gone, kept = users[0], users[1:]
    counts = {table: fetch(alias, f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in columns}
    kept_rows = {
        table: fetch(alias, f'SELECT COUNT(*) FROM "{table}" WHERE user_id IN (%s, %s)', kept)
        for table in columns
        if "user_id" in columns[table]
    }

    User.objects.using(alias).get(pk=gone).delete()

    for table in columns:
        if "user_id" in columns[table]:
            assert fetch(alias, f'SELECT COUNT(*) FROM "{table}" WHERE user_id = %s', [gone]) == [
                (0,)
            ], table
            assert (
                fetch(alias, f'SELECT COUNT(*) FROM "{table}" WHERE user_id IN (%s, %s)', kept)
                == kept_rows[table]
            ), table
    after = {table: fetch(alias, f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in columns}
    assert after["user"] == counts["user"] - 1
    # Rows of tables without an owner column (categories, roles, tags) are nobody's: kept.
    for table in ("finance_account_category", "role", "permission", "journal_tag"):
        assert after[table] == counts[table], table
    assert after["finance_journal_line"] < counts["finance_journal_line"]
    assert after["journal_entry_tag"] < counts["journal_entry_tag"]
