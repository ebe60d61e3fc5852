"""Fixtures and small builders of the finance tests."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from finance.services import account_create, journal_entry_create
from lifeos.testing.builders import make_user


@pytest.fixture
def user(db):
    return make_user("ada")


@pytest.fixture
def other_user(db):
    return make_user("bob")


@pytest.fixture
def client_for():
    """A test client logged in as the given user, with CSRF checks enforced."""

    def build(user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    return build


def make_account(user, name, account_type="asset", account_subtype=None, *, is_active=True):
    """An account created through the service (so exactly as the API creates it)."""
    account = account_create(
        user=user, name=name, account_type=account_type, account_subtype=account_subtype
    )
    if not is_active:
        account.is_active = False
        account.save(update_fields=["is_active"])
    return account


def at(day, hour=12):
    """An aware datetime on ``day`` (YYYY-MM-DD) at ``hour`` in the current time zone."""
    date = datetime.date.fromisoformat(day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def post(user, posted_at, *pairs):
    """A journal entry of (account, amount) pairs: positive debits, negative credits."""
    lines = []
    for account, amount in pairs:
        amount = Decimal(amount)
        side = "debit" if amount > 0 else "credit"
        lines.append({"account": account, side: abs(amount)})
    return journal_entry_create(user=user, posted_at=posted_at, lines=lines)
