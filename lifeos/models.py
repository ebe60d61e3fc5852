"""Project-wide models that belong to no LifeOS domain."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

from lifeos.fields import UTCDateTimeField
from lifeos.passwords import is_bcrypt_hash, make_bcrypt_hash, verify_password


def normalize_email(email):
    """The stored form of a login e-mail: stripped and lower-cased, as the original stores it."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    """Creates users the way the original registers them (e-mail stripped, lower-cased)."""

    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email=normalize_email(email))

    def _create_user(self, email, password, **extra_fields):
        if not normalize_email(email):
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True:
            raise ValueError("A superuser must have is_staff=True.")
        if extra_fields.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A LifeOS user: the original application's ``user`` table, with Django's flags added.

    The e-mail address is the login. ``password_hash`` holds bare bcrypt hashes
    both applications verify (``lifeos.passwords``).
    """

    email = models.CharField(max_length=255)
    password = models.CharField(max_length=255, db_column="password_hash")
    full_name = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    timezone = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - legacy: nullable
    is_active = models.BooleanField(default=True, db_default=True)
    created_at = UTCDateTimeField(db_default=Now(), editable=False)
    updated_at = UTCDateTimeField(db_default=Now(), editable=False)
    # Added for Django: database defaults, so the original's INSERTs still succeed.
    last_login = UTCDateTimeField(null=True, blank=True)
    is_staff = models.BooleanField(default=False, db_default=False)
    is_superuser = models.BooleanField(default=False, db_default=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        db_table = "user"
        ordering = ["email"]
        constraints = [
            # Log-in look-up: WHERE email = %s (the legacy unique index, under its name).
            models.UniqueConstraint(fields=["email"], name="ix_user_email"),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        if self.pk is not None:
            self.updated_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    def set_password(self, raw_password):
        """Store a bare bcrypt hash (cost 12), as the original does."""
        if raw_password is None:
            self.set_unusable_password()
            return
        self.password = make_bcrypt_hash(raw_password)
        self._password = raw_password

    def check_password(self, raw_password):
        """Verify against the stored hash: the original's bcrypt, or an older Django hash."""
        valid = verify_password(raw_password, self.password)
        if valid and not is_bcrypt_hash(self.password):
            # A hash Django wrote before: re-hash so the original can verify it too.
            self.set_password(raw_password)
            self._password = None
            self.save(update_fields=["password"])
        return valid

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name or self.email


class OnboardingMilestone(models.Model):
    """A step of a user's onboarding they have reached, for a front end to celebrate."""

    FIRST_ACCOUNT = "first_account"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding_milestones"
    )
    key = models.CharField(max_length=64)
    message = models.CharField(max_length=255)
    achieved_at = UTCDateTimeField(db_default=Now(), editable=False)

    class Meta:
        db_table = "lifeos_onboarding_milestone"
        ordering = ["achieved_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="ux_lifeos_onboarding_milestone_user_key"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.key}"
