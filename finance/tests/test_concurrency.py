"""Concurrent account creation cannot produce two accounts with one normalized name."""

import threading

import pytest
from django.db import connection, connections

from finance.models import Account
from finance.services import AccountExistsError, account_create
from lifeos.testing.builders import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks serialize concurrent writers on PostgreSQL; SQLite has one writer",
    ),
]


def test_concurrent_creations_of_one_name_create_one_account():
    user = make_user("racer")
    start = threading.Barrier(4)
    outcomes = []

    def create(name):
        try:
            start.wait()
            account_create(user=user, name=name, account_type="asset")
            outcomes.append("created")
        except AccountExistsError:
            outcomes.append("exists")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=create, args=(n,)) for n in ("Cash", " cash", "CASH ", "Cash")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", "exists", "exists", "exists"]
    assert list(Account.objects.filter(user=user).values_list("normalized_name", flat=True)) == [
        "cash"
    ]
