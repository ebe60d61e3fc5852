"""Demo data of the health domain: weekly weigh-ins, workouts and meals."""

import datetime
from decimal import Decimal

from health.models import Biometric, Intensity, MealType, NutritionLog, Workout

BATCH_SIZE = 1000
# (type, usual minutes, intensity, kcal burnt per minute)
WORKOUTS = [
    ("run", 40, Intensity.HIGH, 11),
    ("cycling", 60, Intensity.MEDIUM, 8),
    ("strength", 45, Intensity.HIGH, 6),
    ("yoga", 30, Intensity.LOW, 3),
    ("swim", 35, Intensity.MEDIUM, 9),
]
# Meal type: [(items, usual kcal, quality score 1-5)]
MEALS = {
    MealType.BREAKFAST: [
        ("Oatmeal with berries", 380, 5),
        ("Eggs on toast", 450, 4),
        ("Yogurt and granola", 350, 4),
    ],
    MealType.LUNCH: [
        ("Chicken salad", 520, 5),
        ("Lentil soup", 430, 5),
        ("Sandwich and fruit", 610, 3),
        ("Sushi", 560, 4),
    ],
    MealType.DINNER: [
        ("Salmon and rice", 680, 5),
        ("Pasta with vegetables", 720, 4),
        ("Stir-fried tofu", 590, 4),
        ("Pizza", 950, 2),
    ],
    MealType.SNACK: [("Apple", 95, 5), ("Nuts", 210, 4), ("Chocolate bar", 250, 1)],
}
NOTES = ["Slept well.", "Busy week.", "Travelling.", None, None, None]


def is_seeded(user):
    """Whether ``user`` already has demo biometrics."""
    return Biometric.objects.for_user(user).exists()


def seed(user, *, rng, start, end, scale):
    """Weight trending down with training; about three workouts a week; logged meals.

    The last day (``end``, the day of the seeding) always has a weigh-in, a
    workout and the three main meals, so that today's and this week's health
    summaries show every figure, whatever the scale.
    """
    days = (end - start).days + 1
    biometrics, workouts, meals = [], [], []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        progress = offset / max(days - 1, 1)
        last = day == end
        if day.weekday() == 6 or last:
            biometrics.append(
                Biometric(
                    user=user,
                    date=day,
                    weight=_decimal(84 - 5 * progress + rng.gauss(0, 0.4)),
                    body_fat_pct=_decimal(24 - 4 * progress + rng.gauss(0, 0.3)),
                    resting_hr=round(66 - 6 * progress + rng.gauss(0, 1.5)),
                    energy_level=_score(rng.gauss(3 + progress, 0.8)),
                    stress_level=_score(rng.gauss(3 - progress, 0.8)),
                    notes=rng.choice(NOTES),
                )
            )
        if rng.random() < min(1.0, 0.45 * scale) or last:
            kind, minutes, intensity, per_minute = rng.choice(WORKOUTS)
            duration = max(10, round(rng.gauss(minutes, 8)))
            workouts.append(
                Workout(
                    user=user,
                    date=day,
                    workout_type=kind,
                    duration_minutes=duration,
                    intensity=intensity,
                    calories_est=Decimal(duration * per_minute),
                    notes=rng.choice(["Felt strong.", "Legs heavy.", None, None]),
                )
            )
        for meal_type, choices in MEALS.items():
            if meal_type == MealType.SNACK and rng.random() < 0.5:
                continue
            if rng.random() < min(1.0, 0.8 * scale) or (last and meal_type != MealType.SNACK):
                items, calories, quality = rng.choice(choices)
                meals.append(
                    NutritionLog(
                        user=user,
                        date=day,
                        meal_type=meal_type,
                        items=items,
                        calories_est=Decimal(max(50, round(rng.gauss(calories, calories / 8)))),
                        quality_score=quality,
                    )
                )
    Biometric.objects.bulk_create(biometrics, batch_size=BATCH_SIZE)
    Workout.objects.bulk_create(workouts, batch_size=BATCH_SIZE)
    NutritionLog.objects.bulk_create(meals, batch_size=BATCH_SIZE)


def _decimal(value):
    """``value`` rounded to two decimal places, as a Decimal."""
    return Decimal(str(round(value, 2)))


def _score(value):
    """``value`` rounded into the 1-5 scale of energy and stress levels."""
    return max(1, min(5, round(value)))
