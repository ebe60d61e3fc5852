"""Writes of the shared core: the users' administrative rights and their own profile."""

from zoneinfo import available_timezones

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction

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


class ProfileValidationError(ValidationError):
    """A profile change the user cannot make; ``message_dict`` names each field."""


PROFILE_FIELDS = ("email", "full_name", "timezone")


def _profile_errors(user, changes):
    User = get_user_model()
    errors = {}
    if "email" in changes:
        email = normalize_email(changes["email"] if isinstance(changes["email"], str) else "")
        try:
            EmailValidator(message="Enter a valid e-mail address.")(email)
        except ValidationError as error:
            errors["email"] = error.messages
        else:
            if len(email) > User._meta.get_field("email").max_length:
                errors["email"] = ["An e-mail address has at most 255 characters."]
            elif User.objects.filter(email=email).exclude(pk=user.pk).exists():
                errors["email"] = ["Another user has this e-mail address."]
        changes["email"] = email
    if "full_name" in changes:
        full_name = changes["full_name"]
        if full_name is not None and not isinstance(full_name, str):
            errors["full_name"] = ["Give the name as text."]
        elif full_name is not None and len(full_name.strip()) > 255:
            errors["full_name"] = ["A name has at most 255 characters."]
        else:
            changes["full_name"] = (full_name or "").strip() or None
    if "timezone" in changes:
        name = changes["timezone"]
        if name in (None, ""):
            changes["timezone"] = None
        elif not isinstance(name, str) or name not in available_timezones():
            errors["timezone"] = [
                f"Unknown time zone {name!r}: give an IANA name such as 'Europe/Paris'."
            ]
    return errors


def user_update(*, user, **changes):
    """Change the user's own ``email``, ``full_name`` or ``timezone``; returns the user.

    The e-mail address is stored stripped and lower-cased, as the original
    stores it, and must be valid and not another user's; the time zone is an
    IANA name (``zoneinfo``) or empty (none); the name is stripped, empty is
    none. Raises ProfileValidationError naming each bad field; nothing is
    written then.
    """
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ProfileValidationError(
            {field: ["This field cannot be changed here."] for field in sorted(unknown)}
        )
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        errors = _profile_errors(user, changes)
        if errors:
            raise ProfileValidationError(errors)
        if not changes:
            return user
        for field, value in changes.items():
            setattr(user, field, value)
        try:
            with transaction.atomic():
                user.save(update_fields=list(changes))
        except IntegrityError:  # the same address taken concurrently
            raise ProfileValidationError(
                {"email": ["Another user has this e-mail address."]}
            ) from None
    return user
