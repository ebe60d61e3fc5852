"""Small builders of realistic rows, for tests that need data in every table."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone


def make_user(email="ada@example.com", *, using="default", **extra):
    """A user with an unusable password; a bare name becomes ``name@example.com``."""
    if "@" not in email:
        email = f"{email}@example.com"
    user = get_user_model()(email=email, **extra)
    user.set_unusable_password()
    user.save(using=using)
    return user


def populate_every_table(user, *, using="default"):
    """Write a few related rows into each of the 27 LifeOS tables; return rows per model."""
    from finance import models as finance
    from habits.models import Habit, HabitLog
    from health.models import Biometric, NutritionLog, Workout
    from journal.models import Entry
    from projects.models import Project, Task, TaskLog
    from relationships.models import Interaction, Person
    from skills.models import Metric, PracticeSession, Skill

    now = timezone.now()
    today = datetime.date(2025, 12, 18)

    def create(model, **values):
        return model.objects.using(using).create(user=user, **values)

    cash = create(finance.Account, name="  Cash Wallet ", account_type="asset")
    salary = create(finance.Account, name="Salário", account_type="income")
    # One transaction: on PostgreSQL the ledger trigger rejects, at commit, an
    # entry whose debits and credits differ.
    with transaction.atomic(using=using):
        entry = create(finance.JournalEntry, posted_at=now, description="Pay day")
        create(finance.JournalLine, entry=entry, account=cash, debit=Decimal("100.00"))
        create(finance.JournalLine, entry=entry, account=salary, credit=Decimal("100.00"))
    create(
        finance.Transaction,
        occurred_at=now,
        amount=Decimal("100.00"),
        account=cash,
        journal_entry=entry,
    )
    row = create(
        finance.MoneyScheduleRow,
        event_date=today,
        amount=Decimal("-20.00"),
        account=cash,
        memo="Rent",
        recurrence="monthly",
    )
    scenario = create(finance.MoneyScheduleScenario, name="Frugal")
    create(
        finance.MoneyScheduleDailyBalance, as_of=today, balance=Decimal("80.00"), scenario=scenario
    )
    create(
        finance.MoneyScheduleScenarioRow,
        scenario=scenario,
        base_row=row,
        delta_amount=Decimal("-10.00"),
    )
    create(
        finance.MoneyScheduleScenarioRow,
        scenario=scenario,
        event_date=today,
        account=cash,
        delta_amount=Decimal("250.00"),
        memo="Bonus",
    )
    tracker = create(
        finance.ReceivableTracker,
        counterparty="Bob",
        principal=Decimal("50.00"),
        interest_rate=Decimal("5.00"),
        start_date=today,
    )
    create(
        finance.ReceivableManualEntry,
        tracker=tracker,
        entry_date=today,
        amount=Decimal("10.00"),
    )
    group = create(finance.LoanGroup, name="Family loans")
    create(finance.LoanGroupLink, group=group, tracker=tracker)
    create(finance.TrialBalanceSetting, month="2025-12", group_by_subtype=True)

    create(Entry, entry_date=today, title="First", body="Hello", mood_int=4, tags=["calm"])
    habit = create(Habit, name="Read", domain_link="skills")
    create(HabitLog, habit=habit, logged_date=today, value=Decimal("2.00"))
    create(Biometric, date=today, weight=Decimal("70.50"), resting_hr=58)
    create(Workout, date=today, workout_type="run", duration_minutes=30, intensity="high")
    create(NutritionLog, date=today, meal_type="lunch", calories_est=600, quality_score=4)
    skill = create(Skill, name="Piano", category="music")
    create(PracticeSession, skill=skill, practiced_at=now, duration_minutes=45)
    create(Metric, skill=skill, name="tempo", value=Decimal("96.00"), unit="bpm", recorded_at=now)
    project = create(Project, name="LifeOS", status="active")
    task = create(Task, project=project, title="Migrate", status="in_progress")
    create(TaskLog, task=task, logged_at=now, minutes_spent=90)
    person = create(Person, name="Grace", relationship_type="friend", importance_level=5)
    create(Interaction, person=person, date=today, method="call")


def plant_marker(user, marker, *, using="default"):
    """Write ``marker`` into every free-text value of ``user`` and of each row they own.

    Every CharField and TextField without choices gets ``marker`` followed by the
    row's id (as far as the column is wide: unique names stay unique), every JSON
    field ``[marker]``. Rows are updated in place, without ``save()``, so no
    normalization or signal rewrites the marker away. Returns the number of rows
    marked per model label.
    """
    from django.apps import apps

    from lifeos.querysets import UserScopedModel

    def values(field_owner_row):
        changes = {}
        for field in field_owner_row._meta.concrete_fields:
            if field.primary_key or field.choices:
                continue
            if isinstance(field, models.JSONField):
                changes[field.attname] = [marker]
            elif isinstance(field, models.CharField | models.TextField):
                text = f"{marker}{field_owner_row.pk}"
                changes[field.attname] = text[: field.max_length] if field.max_length else text
        return changes

    def mark(model, rows):
        for row in rows:
            changes = values(row)
            if changes:
                model._default_manager.using(using).filter(pk=row.pk).update(**changes)
        return len(rows)

    user_model = type(user)
    marked = {user_model._meta.label: mark(user_model, [user])}
    for model in apps.get_models():
        if issubclass(model, UserScopedModel):
            rows = list(model._default_manager.using(using).filter(user_id=user.pk).order_by("pk"))
            marked[model._meta.label] = mark(model, rows)
    return marked
