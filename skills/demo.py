"""Demo data of the skills domain: three skills practised through the year, with progress.

The last week is fixed, so every figure shows on the day of the seed: Piano is
practised on each of the three days before ``end`` (a three-day streak, today
not practised yet), Spanish five days before ``end`` (in the last seven days,
no streak), Python not in the last week.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from lifeos.dates import user_zone
from skills.models import Metric, PracticeSession, Skill

BATCH_SIZE = 1000
# Days before ``end`` on which each skill is practised in the fixed last week
# (the random sessions stop before it): (days, minutes).
LAST_WEEK = {"Piano": ((3, 2, 1), 40), "Spanish": ((5,), 25), "Python": ((), 60)}
LAST_WEEK_DAYS = 7
# (the skill's columns, (metric name, unit, value at start, value at end,
#  weekly sessions, minutes per session))
SKILLS = [
    (
        {
            "name": "Piano",
            "category": "music",
            "level": "intermediate",
            "difficulty": "hard",
            "current_level": 4,
            "target_level": 7,
            "tags": ["music", "practice"],
        },
        ("tempo", "bpm", 60, 104, 3, 40),
    ),
    (
        {
            "name": "Spanish",
            "category": "languages",
            "level": "beginner",
            "difficulty": "medium",
            "current_level": 2,
            "target_level": 6,
            "tags": ["language", "travel"],
        },
        ("vocabulary", "words", 300, 1400, 4, 25),
    ),
    (
        {
            "name": "Python",
            "category": "programming",
            "level": "advanced",
            "difficulty": "medium",
            "current_level": 7,
            "target_level": 9,
            "tags": ["work", "coding"],
        },
        ("katas solved", "katas", 5, 120, 2, 60),
    ),
]


def is_seeded(user):
    """Whether ``user`` already has the demo skills."""
    return Skill.objects.for_user(user).filter(name="Piano").exists()


def seed(user, *, rng, start, end, scale):
    """Sessions a few times a week and a monthly metric that improves with practice."""
    sessions, metrics = [], []
    days = (end - start).days + 1
    last_week = end - datetime.timedelta(days=LAST_WEEK_DAYS - 1)
    for columns, (metric, unit, low, high, weekly, minutes) in SKILLS:
        skill = Skill.objects.create(
            user=user, description=f"Learning {columns['name']}.", **columns
        )
        recent_days, recent_minutes = LAST_WEEK[columns["name"]]
        for days_before in recent_days:
            day = end - datetime.timedelta(days=days_before)
            sessions.append(
                PracticeSession(
                    user=user,
                    skill=skill,
                    practiced_at=datetime.datetime.combine(
                        day, datetime.time(18), tzinfo=user_zone(user)
                    ),
                    duration_minutes=recent_minutes,
                    intensity=3,
                    notes="Felt good.",
                )
            )
        for offset in range(days):
            day = start + datetime.timedelta(days=offset)
            if day < last_week and rng.random() < min(1.0, weekly / 7 * scale):
                # bulk_create skips save(): the owner is written here, as save() would.
                sessions.append(
                    PracticeSession(
                        user=user,
                        skill=skill,
                        practiced_at=_at(day, rng.randint(7, 21)),
                        duration_minutes=max(10, round(rng.gauss(minutes, 10))),
                        intensity=rng.randint(1, 5),
                        notes=rng.choice([None, "Felt good.", "Hard today.", "New material."]),
                    )
                )
            if day.day == 1:
                value = low + (high - low) * offset / max(days - 1, 1)
                metrics.append(
                    Metric(
                        user=user,
                        skill=skill,
                        name=metric,
                        value=Decimal(str(round(value, 1))),
                        unit=unit,
                        recorded_at=_at(day, 20),
                    )
                )
    PracticeSession.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
    Metric.objects.bulk_create(metrics, batch_size=BATCH_SIZE)


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
