"""finance.account.created: once per committed account, never on rollback."""

import pytest
from django.db import transaction

from finance.models import Account
from finance.services import AccountExistsError, AccountValidationError, account_create
from finance.signals import ACCOUNT_CREATED_EVENT, account_created
from lifeos.models import OnboardingMilestone
from lifeos.testing.builders import make_user


@pytest.fixture
def received():
    """Every finance.account.created sent while the test runs, as (account id, user id, event)."""
    calls = []

    def receiver(sender, *, account, user, event, **kwargs):
        calls.append((sender, account.pk, user.pk, event))

    account_created.connect(receiver, dispatch_uid="test_signals_receiver")
    yield calls
    account_created.disconnect(dispatch_uid="test_signals_receiver")


def test_event_name():
    assert ACCOUNT_CREATED_EVENT == "finance.account.created"


def test_sent_once_per_account_after_commit(user, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cash = account_create(user=user, name="Cash", account_type="asset")
        assert received == []  # not before the transaction commits
        bank = account_create(user=user, name="Bank", account_type="asset")
    assert received == [
        (Account, cash.pk, user.pk, "finance.account.created"),
        (Account, bank.pk, user.pk, "finance.account.created"),
    ]


def test_not_sent_for_rejected_accounts(user, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        account_create(user=user, name="Cash", account_type="asset")
        with pytest.raises(AccountExistsError):
            account_create(user=user, name="CASH", account_type="asset")
        with pytest.raises(AccountValidationError):
            account_create(user=user, name="", account_type="asset")
    assert len(received) == 1


@pytest.mark.django_db(transaction=True)
def test_not_sent_when_the_transaction_rolls_back(received):
    user = make_user("ada")

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        account_create(user=user, name="Cash", account_type="asset")
        raise Abort
    assert received == []
    assert not Account.objects.exists()

    account = account_create(user=user, name="Cash", account_type="asset")
    assert received == [(Account, account.pk, user.pk, ACCOUNT_CREATED_EVENT)]


@pytest.mark.django_db(transaction=True)
def test_first_account_records_onboarding_milestone_once():
    user = make_user("ada")
    other = make_user("bob")
    account_create(user=user, name="Cash", account_type="asset")
    first = OnboardingMilestone.objects.get(user=user)
    account_create(user=user, name="Bank", account_type="asset")
    assert list(OnboardingMilestone.objects.values_list("user_id", "key", "message")) == [
        (user.pk, "first_account", "First account created!")
    ]
    assert OnboardingMilestone.objects.get(user=user).achieved_at == first.achieved_at
    assert not OnboardingMilestone.objects.filter(user=other).exists()


@pytest.mark.django_db(transaction=True)
def test_rolled_back_account_records_no_milestone():
    user = make_user("ada")
    with pytest.raises(RuntimeError), transaction.atomic():
        account_create(user=user, name="Cash", account_type="asset")
        raise RuntimeError("abort")
    assert not OnboardingMilestone.objects.exists()
