"""Demo data for admin tests, kept small so tests stay quick (fixtures: lifeos.testing.fixtures)."""

import datetime

from lifeos.demo import demo_seed

# A fixed "today" keeps the demo year, and so every count, identical across runs.
DEMO_TODAY = datetime.date(2025, 12, 18)
SMALL_SCALE = 0.05
LARGER_SCALE = 0.15


def seed_small(users=1):
    return demo_seed(users=users, scale=SMALL_SCALE, password="demo-pass-123", today=DEMO_TODAY)


def grow_demo_data():
    """Two more demo users at a larger scale: many more rows in every table."""
    # No password: existing users keep theirs, so logged-in test clients stay logged in.
    return demo_seed(users=3, scale=LARGER_SCALE, today=DEMO_TODAY)
