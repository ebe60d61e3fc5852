"""Demo data: a superuser, demo users, and a year of data in all seven domains.

Each domain's builder lives in its app (``<app>/demo.py``: ``is_seeded`` and
``seed``); this service creates the users and runs the builders, each domain of
each user in its own transaction and only when it is not there yet, so running
it again adds nothing.
"""

import datetime
import importlib
import random
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

# In dependency order: habits log what the other domains recorded.
DOMAINS = ("finance", "journal", "health", "skills", "projects", "relationships", "habits")
# Users log in with their e-mail address, as in the original application.
SUPERUSER_NAME = "admin@example.com"
DEMO_USER_PREFIX = "demo"
DEMO_EMAIL_DOMAIN = "example.com"
DEMO_GROUP_NAME = "LifeOS users"
DAYS = 365


@dataclass
class DemoResult:
    """What ``demo_seed`` did: the users, the password it set, and domains it filled."""

    superuser: str = SUPERUSER_NAME
    demo_users: list = field(default_factory=list)
    password: str | None = None
    password_generated: bool = False
    seeded: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def demo_usernames(users):
    """The demo users' e-mail addresses: ``demo@example.com``, ``demo2@…``, ... ``demoN@…``."""
    return [
        f"{DEMO_USER_PREFIX if n == 1 else f'{DEMO_USER_PREFIX}{n}'}@{DEMO_EMAIL_DOMAIN}"
        for n in range(1, users + 1)
    ]


def demo_seed(*, users=1, scale=1.0, password=None, today=None):
    """Create (or keep) the superuser and ``users`` demo users, each with a year of data.

    ``password`` is set on every account when given. Without it, accounts that
    already exist keep theirs and new ones get one random password, returned.
    """
    if users < 1:
        raise ValueError("Give at least one demo user.")
    if scale <= 0:
        raise ValueError("The scale must be positive.")
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=DAYS - 1)
    result = DemoResult(password=password)
    names = demo_usernames(users)
    result.demo_users = names

    User = get_user_model()
    existing = set(
        User.objects.filter(email__in=[SUPERUSER_NAME, *names]).values_list("email", flat=True)
    )
    if password is None and len(existing) < users + 1:
        result.password = secrets.token_urlsafe(12)
        result.password_generated = True
    group = _demo_group()
    with transaction.atomic():
        _ensure_user(SUPERUSER_NAME, result.password, password is not None, superuser=True)
        demo_users = [
            _ensure_user(name, result.password, password is not None, superuser=False)
            for name in names
        ]
        for user in demo_users:
            user.groups.add(group)

    for user in demo_users:
        rng_seed = f"lifeos-demo:{user.email.split('@')[0]}"
        for domain in DOMAINS:
            module = importlib.import_module(f"{domain}.demo")
            with transaction.atomic():
                if module.is_seeded(user):
                    result.skipped.append((user.email, domain))
                    continue
                module.seed(
                    user,
                    rng=random.Random(f"{rng_seed}:{domain}"),
                    start=start,
                    end=today,
                    scale=scale,
                )
                result.seeded.append((user.email, domain))
    return result


def _ensure_user(email, password, reset_password, *, superuser):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": email.split("@")[0].title(),
            "timezone": "Europe/London",
            "is_staff": True,
            "is_superuser": superuser,
        },
    )
    if created or reset_password:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _demo_group():
    """A group allowed to view, add, change and delete every LifeOS model."""
    group, _ = Group.objects.get_or_create(name=DEMO_GROUP_NAME)
    permissions = Permission.objects.filter(content_type__app_label__in=DOMAINS)
    group.permissions.add(*permissions)
    return group
