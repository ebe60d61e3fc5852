"""The normalized_name backfill gives exactly what Account.save gives, on every backend."""

import pytest
from django.db import connection

from finance.models import Account
from lifeos.normalization import normalize_account_name
from lifeos.schema.backfill import backfill_normalized_column
from lifeos.testing.builders import make_user

NAMES = [
    "  Cash  ",
    "\tSAVINGS\n",
    "\u00a0Épargne Logement\u00a0",
    "ÄRZTE-KASSE",
    "İstanbul Fund",
    "ΣΊΣΥΦΟΣ",
    "Straße\u3000",
    "\x1cGROUP SEPARATED\x1f",
    "plain",
    "   ",
]

pytestmark = pytest.mark.django_db


def run_backfill(**options):
    return backfill_normalized_column(
        connection,
        table="finance_account",
        pk="id",
        source="name",
        target="normalized_name",
        batch_size=3,
        **options,
    )


def make_accounts(user, names):
    accounts = [Account.objects.create(user=user, name=name) for name in names]
    return [account.pk for account in accounts]


def stored(ids):
    return list(
        Account.objects.filter(pk__in=ids).order_by("pk").values_list("name", "normalized_name")
    )


def test_backfill_matches_python_normalization_for_unicode_names():
    ids = make_accounts(make_user(), NAMES)
    Account.objects.filter(pk__in=ids[::2]).update(normalized_name="")

    changed = run_backfill()

    assert changed == len(ids[::2]) + 1  # and the blank name, saved as ""
    assert stored(ids) == [(name, normalize_account_name(name)) for name in NAMES]


def test_backfill_keeps_existing_normalized_name():
    ids = make_accounts(make_user(), ["Rent", "FOOD"])
    Account.objects.filter(pk=ids[0]).update(normalized_name="kept as it was")
    Account.objects.filter(pk=ids[1]).update(normalized_name="")

    run_backfill()

    assert stored(ids) == [("Rent", "kept as it was"), ("FOOD", "food")]


def test_backfill_is_idempotent():
    ids = make_accounts(make_user(), NAMES)
    Account.objects.filter(pk__in=ids).update(normalized_name="")
    run_backfill()

    assert run_backfill() == 1  # only the blank name, which normalizes to '' again
    assert stored(ids) == [(name, normalize_account_name(name)) for name in NAMES]


def test_backfill_with_stale_repairs_drifted_rows_only():
    ids = make_accounts(make_user(), ["Ünïcode Name", "Plain Name", "Right"])
    Account.objects.filter(pk=ids[0]).update(normalized_name="stale")
    Account.objects.filter(pk=ids[1]).update(normalized_name="plain")

    changed = run_backfill(include_stale=True)

    assert changed == 2
    assert stored(ids) == [
        ("Ünïcode Name", "ünïcode name"),
        ("Plain Name", "plain name"),
        ("Right", "right"),
    ]


def test_backfill_reports_progress_per_batch():
    ids = make_accounts(make_user(), [f"Account {n}" for n in range(7)])
    Account.objects.filter(pk__in=ids).update(normalized_name="")
    seen = []

    run_backfill(progress=seen.append)

    assert [(p.rows_done, p.rows_total) for p in seen] == [(3, 7), (6, 7), (7, 7)]


def test_backfill_fills_rows_across_wide_gaps_in_primary_keys():
    user = make_user()
    # Ids are the legacy 32-bit integers: the last is the largest one.
    ids = [1, 2, 10_000_000, 10_000_001, 2**31 - 1]
    for pk in ids:
        Account.objects.create(pk=pk, user=user, name=f"  Gap {pk} ")
    Account.objects.filter(pk__in=ids).update(normalized_name="")

    changed = run_backfill()

    assert changed == 5
    assert stored(ids) == [(f"  Gap {pk} ", f"gap {pk}") for pk in ids]
