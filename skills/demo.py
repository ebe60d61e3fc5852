"""Demo data of the skills domain: three skills practised through the year, with progress."""

import datetime
from decimal import Decimal

from django.utils import timezone

from skills.models import Metric, PracticeSession, Skill

BATCH_SIZE = 1000
# (name, category, metric name, unit, value at start, value at end, weekly sessions, minutes)
SKILLS = [
    ("Piano", "music", "tempo", "bpm", 60, 104, 3, 40),
    ("Spanish", "languages", "vocabulary", "words", 300, 1400, 4, 25),
    ("Python", "programming", "katas solved", "katas", 5, 120, 2, 60),
]


def is_seeded(user):
    """Whether ``user`` already has the demo skills."""
    return Skill.objects.for_user(user).filter(name="Piano").exists()


def seed(user, *, rng, start, end, scale):
    """Sessions a few times a week and a monthly metric that improves with practice."""
    sessions, metrics = [], []
    days = (end - start).days + 1
    for name, category, metric, unit, low, high, weekly, minutes in SKILLS:
        skill = Skill.objects.create(
            user=user, name=name, category=category, description=f"Learning {name}."
        )
        for offset in range(days):
            day = start + datetime.timedelta(days=offset)
            if rng.random() < min(1.0, weekly / 7 * scale):
                sessions.append(
                    PracticeSession(
                        user=user,
                        skill=skill,
                        practiced_at=_at(day, rng.randint(7, 21)),
                        duration_minutes=max(10, round(rng.gauss(minutes, 10))),
                        notes=rng.choice(["", "Felt good.", "Hard today.", "New material."]),
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
