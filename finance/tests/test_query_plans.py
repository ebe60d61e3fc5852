"""The typeahead's prefix query is served by ix_finance_account_user_normalized_name.

The query plans are read from the database itself (EXPLAIN on PostgreSQL,
EXPLAIN QUERY PLAN on SQLite), on the test database and on scratch databases
whose default collation is ICU or libc. A control query that compares under
the database's default collation instead proves the check can tell the two
apart: it must not be able to use the index.
"""

import re
import tempfile
import uuid

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.models.functions import Collate

from finance.models import Account, AccountCategory
from finance.selectors import SEARCH_FIELDS, account_prefix_matches, prefix_condition
from lifeos.normalization import normalize_account_name
from lifeos.testing.builders import make_user
from lifeos.testing.databases import create_scratch_database, drop_scratch_database

INDEX = "ix_finance_account_user_normalized_name"
WORDS = ["cash", "card", "épargne", "savings", "salary", "rent", "food", "loan", "ärzte", "zoo"]
SCRATCH_LOCALES = {
    "icu": "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'",
    "libc": "TEMPLATE template0 LOCALE_PROVIDER libc LOCALE 'C.UTF-8'",
}


def populate(alias, *, accounts_per_user=3000, users=3):
    """``users`` users with many accounts each; returns the first user."""
    owners = [make_user(f"user{number}", using=alias) for number in range(users)]
    types = ["asset", "expense", "income"]
    categories = [AccountCategory.default_for(kind, using=alias) for kind in types]
    rows = []
    for owner in owners:
        for number in range(accounts_per_user):
            name = f"{WORDS[number % len(WORDS)].upper()} {number:05d}"
            rows.append(
                Account(
                    user=owner,
                    name=name,
                    normalized_name=normalize_account_name(name),
                    account_type=types[number % 3],
                    category=categories[number % 3],
                    is_active=number % 7 != 0,
                )
            )
    Account.objects.using(alias).bulk_create(rows, batch_size=2000)
    with connections[alias].cursor() as cursor:
        cursor.execute("ANALYZE")
    return owners[0]


def plan_of(queryset):
    return queryset.explain()


def prefix_index_serves(plan, vendor):
    """Whether ``plan`` reads the prefix range (not just the user's rows) from INDEX."""
    if vendor == "sqlite":
        uses_range = re.search(
            rf"USING (COVERING )?INDEX {INDEX} \(user_id=\? AND normalized_name>\? "
            r"AND normalized_name<\?\)",
            plan,
        )
        return bool(uses_range) and "TEMP B-TREE" not in plan
    # An index scan in order, or a bitmap scan of the range when the planner
    # expects few rows and sorts them itself: either way the index serves the range.
    index_scan = re.search(rf"(Index (Only )?Scan using|Bitmap Index Scan on) {INDEX}\b", plan)
    index_cond = next((line for line in plan.splitlines() if "Index Cond" in line), "")
    return (
        bool(index_scan)
        and bool(re.search(r"normalized_name\)?(::text)? >= ", index_cond))
        and bool(re.search(r"normalized_name\)?(::text)? < ", index_cond))
    )


def default_collation_control(alias, user, prefix):
    """The same prefix range compared under a collation the index was not built with."""
    collation = "default" if connections[alias].vendor == "postgresql" else "NOCASE"
    bound = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (
        Account.objects.using(alias)
        .for_user(user)
        .annotate(key=Collate("normalized_name", collation))
        .filter(key__gte=prefix, key__lt=bound, is_active=True)
        .order_by("key", "id")
        .values(*SEARCH_FIELDS)[:10]
    )


def assert_prefix_query_uses_index(alias, user):
    vendor = connections[alias].vendor
    for prefix, account_type in [("ca", None), ("épa", None), ("sal", "income"), ("z", "asset")]:
        for is_active in (True, False):
            queryset = account_prefix_matches(
                user=user, prefix=prefix, is_active=is_active, account_type=account_type
            ).using(alias)[:10]
            plan = plan_of(queryset)
            assert prefix_index_serves(plan, vendor), plan
            assert len(list(queryset)) == 10
    control = plan_of(default_collation_control(alias, user, "ca"))
    assert not prefix_index_serves(control, vendor), control


@pytest.mark.django_db
def test_prefix_query_uses_index_on_test_database():
    user = populate("default")
    assert_prefix_query_uses_index("default", user)


@pytest.mark.parametrize("locale", sorted(SCRATCH_LOCALES))
def test_prefix_query_uses_index_whatever_the_database_collation(django_db_blocker, locale):
    alias = f"scratch_{locale}_{uuid.uuid4().hex[:8]}"
    create_sql = f'CREATE DATABASE "{alias}" {SCRATCH_LOCALES[locale]}'
    with django_db_blocker.unblock(), tempfile.TemporaryDirectory() as directory:
        create_scratch_database(alias, directory, create_sql=create_sql)
        try:
            connection = connections[alias]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT datlocprovider FROM pg_database WHERE datname = %s", [alias]
                    )
                    assert cursor.fetchone()[0] == {"icu": "i", "libc": "c"}[locale]
            call_command("migrate", database=alias, verbosity=0, interactive=False)
            user = populate(alias)
            assert_prefix_query_uses_index(alias, user)
        finally:
            drop_scratch_database(alias)


@pytest.mark.django_db
def test_prefix_range_matches_exactly_the_names_starting_with_prefix():
    owner = make_user("ada")
    names = ["é", "éa", "éz", "é\U0010ffff", "ê", "e", "f", "ÉPARGNE"]
    for name in names:
        Account.objects.create(user=owner, name=name)
    matched = set(
        Account.objects.for_user(owner)
        .filter(prefix_condition("é"))
        .values_list("normalized_name", flat=True)
    )
    assert matched == {name.lower() for name in names if name.lower().startswith("é")}
