"""Onboarding milestones recorded from domain events."""

from django.db import IntegrityError, transaction

from lifeos.models import OnboardingMilestone

FIRST_ACCOUNT_MESSAGE = "First account created!"


def milestone_record(*, user, key, message):
    """Record that ``user`` reached milestone ``key`` (once; later calls keep the first)."""
    try:
        with transaction.atomic():
            milestone, _ = OnboardingMilestone.objects.get_or_create(
                user=user, key=key, defaults={"message": message}
            )
    except IntegrityError:
        # A concurrent request recorded it first.
        milestone = OnboardingMilestone.objects.get(user=user, key=key)
    return milestone


def record_first_account(sender, *, account, user, **kwargs):
    """Receiver of finance.account.created: the user's first account is a milestone."""
    milestone_record(
        user=user, key=OnboardingMilestone.FIRST_ACCOUNT, message=FIRST_ACCOUNT_MESSAGE
    )
