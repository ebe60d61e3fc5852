"""Fixtures of demo data for admin tests (kept small so tests stay quick)."""

import datetime

import pytest

from lifeos.demo import demo_seed

# A fixed "today" keeps the demo year, and so every count, identical across runs.
DEMO_TODAY = datetime.date(2025, 12, 18)
SMALL_SCALE = 0.05
LARGER_SCALE = 0.15


def seed_small(users=1):
    return demo_seed(users=users, scale=SMALL_SCALE, password="demo-pass-123", today=DEMO_TODAY)


@pytest.fixture
def demo_data(db):
    """One demo user's year of data, at a small scale."""
    return seed_small()


@pytest.fixture
def superuser_client(client, demo_data):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=demo_data.superuser))
    return client


def grow_demo_data():
    """Two more demo users at a larger scale: many more rows in every table."""
    # No password: existing users keep theirs, so logged-in test clients stay logged in.
    return demo_seed(users=3, scale=LARGER_SCALE, today=DEMO_TODAY)
