"""``seed_demo``: demo users and a consistent year of data, idempotent."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Sum

from finance.models import Account, JournalEntry
from finance.signals import account_created
from lifeos.demo import DOMAINS

DOMAIN_MODELS = [model for model in apps.get_models() if model._meta.app_label in DOMAINS]


def _seed(*args, **env):
    out = io.StringIO()
    call_command("seed_demo", "--scale", "0.05", *args, stdout=out)
    return out.getvalue()


def _counts():
    return {model.__name__: model.objects.count() for model in DOMAIN_MODELS}


def test_seed_demo_twice_duplicates_nothing(db):
    _seed("--password", "first-pass-1")
    first = _counts()
    output = _seed("--password", "first-pass-1")

    assert _counts() == first
    # Every one of the 27 domain tables, the account categories and the monthly
    # balances the database keeps from the demo's journal lines, has rows.
    assert all(first.values()), first
    assert len(first) == 29
    assert "already there, left as is: 7 user domains" in output


def test_seed_demo_journal_entries_all_balance(db):
    _seed("--users", "2", "--password", "first-pass-1")

    unbalanced = JournalEntry.objects.annotate(
        debit=Sum("lines__debit"), credit=Sum("lines__credit")
    ).exclude(debit=Sum("lines__credit"))
    assert JournalEntry.objects.count() > 0
    assert list(unbalanced) == []
    assert not JournalEntry.objects.filter(lines__isnull=True).exists()


def test_seed_demo_users_and_their_rights(db):
    _seed("--users", "2", "--password", "first-pass-1")

    users = get_user_model().objects.in_bulk(
        ["admin@example.com", "demo@example.com", "demo2@example.com"], field_name="email"
    )
    assert users["admin@example.com"].is_superuser and users["admin@example.com"].check_password(
        "first-pass-1"
    )
    assert users["demo@example.com"].is_staff and not users["demo@example.com"].is_superuser
    assert users["demo2@example.com"].has_perm("finance.change_journalentry")
    assert users["demo2@example.com"].check_password("first-pass-1")


def test_seed_demo_generates_and_prints_a_password_when_none_is_given(db, monkeypatch):
    monkeypatch.delenv("LIFEOS_DEMO_PASSWORD", raising=False)
    output = _seed()

    password = output.split("password of new users: ")[1].split()[0]
    assert len(password) >= 16
    assert get_user_model().objects.get(email="demo@example.com").check_password(password)
    assert "password: unchanged" in _seed()


def test_seed_demo_takes_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("LIFEOS_DEMO_PASSWORD", "from-the-env-1")
    _seed()

    assert get_user_model().objects.get(email="admin@example.com").check_password("from-the-env-1")


def test_seed_demo_sends_account_created_for_every_account(db, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, account, **kwargs):
        received.append(account.pk)

    account_created.connect(receiver, weak=False, dispatch_uid="test_seed_demo_signal")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _seed("--password", "first-pass-1")
    finally:
        account_created.disconnect(dispatch_uid="test_seed_demo_signal")

    assert sorted(received) == sorted(Account.objects.values_list("pk", flat=True))


def test_seed_demo_rejects_a_bad_scale(db):
    with pytest.raises(CommandError, match="scale must be positive"):
        call_command("seed_demo", "--scale", "0", stdout=io.StringIO())
