"""Writes of the shared core: the users' administrative rights."""

from django.contrib.auth import get_user_model
from django.db import transaction

from lifeos.models import normalize_email


class UnknownUserError(LookupError):
    """No user has this e-mail address."""


def user_grant_admin(*, email, superuser=False, revoke=False):
    """Give (or, with ``revoke``, take back) staff rights, and superuser rights with ``superuser``.

    For an existing user, such as one of the original application's: only
    ``is_staff`` and ``is_superuser`` change; the password and every other
    column stay. Revoking takes both rights away. Returns the user.
    """
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=normalize_email(email)).first()
        if user is None:
            raise UnknownUserError(f"No user has the e-mail address {normalize_email(email)!r}.")
        if revoke:
            user.is_staff = user.is_superuser = False
        else:
            user.is_staff = True
            user.is_superuser = user.is_superuser or superuser
        user.save(update_fields=["is_staff", "is_superuser"])
    return user
