"""Demo data of the health domain: weekly weigh-ins, workouts and meals."""

import datetime
from decimal import Decimal

from health.models import Biometric, NutritionLog, Workout

BATCH_SIZE = 1000
# (type, usual minutes, intensity)
WORKOUTS = [
    ("run", 40, "high"),
    ("cycling", 60, "moderate"),
    ("strength", 45, "high"),
    ("yoga", 30, "low"),
    ("swim", 35, "moderate"),
]
MEALS = {
    "breakfast": ["Oatmeal with berries", "Eggs on toast", "Yogurt and granola"],
    "lunch": ["Chicken salad", "Lentil soup", "Sandwich and fruit", "Sushi"],
    "dinner": ["Salmon and rice", "Pasta with vegetables", "Stir-fried tofu", "Pizza"],
    "snack": ["Apple", "Nuts", "Chocolate bar"],
}


def is_seeded(user):
    """Whether ``user`` already has demo biometrics."""
    return Biometric.objects.for_user(user).exists()


def seed(user, *, rng, start, end, scale):
    """Weight trending down with training; about three workouts a week; logged meals."""
    days = (end - start).days + 1
    biometrics, workouts, meals = [], [], []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        progress = offset / max(days - 1, 1)
        if day.weekday() == 6:
            biometrics.append(
                Biometric(
                    user=user,
                    date=day,
                    weight_kg=Decimal(str(round(84 - 5 * progress + rng.gauss(0, 0.4), 2))),
                    body_fat_pct=Decimal(str(round(24 - 4 * progress + rng.gauss(0, 0.3), 2))),
                    resting_hr=round(66 - 6 * progress + rng.gauss(0, 1.5)),
                )
            )
        if rng.random() < min(1.0, 0.45 * scale):
            kind, minutes, intensity = rng.choice(WORKOUTS)
            workouts.append(
                Workout(
                    user=user,
                    date=day,
                    workout_type=kind,
                    duration_minutes=max(10, round(rng.gauss(minutes, 8))),
                    intensity=intensity,
                )
            )
        for meal, choices in MEALS.items():
            if meal == "snack" and rng.random() < 0.5:
                continue
            if rng.random() < min(1.0, 0.8 * scale):
                description = rng.choice(choices)
                meals.append(
                    NutritionLog(
                        user=user,
                        date=day,
                        meal=meal,
                        description=description,
                        calories=max(50, round(rng.gauss(200 if meal == "snack" else 650, 120))),
                        quality_score=rng.randint(4, 10) if description != "Pizza" else 3,
                    )
                )
    Biometric.objects.bulk_create(biometrics, batch_size=BATCH_SIZE)
    Workout.objects.bulk_create(workouts, batch_size=BATCH_SIZE)
    NutritionLog.objects.bulk_create(meals, batch_size=BATCH_SIZE)
