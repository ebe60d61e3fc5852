"""Writes of the cash-flow planner: schedule rows, scenarios and the stored daily balances.

Errors follow ``finance.selectors.forecast``: ``PlanningValidationError`` keyed
by field for bad input (nothing is written), the model's ``DoesNotExist`` for
a row or scenario id that is missing or another user's (the same for both).

The stored daily balances
-------------------------
``finance_money_schedule_daily_balance`` holds, per user, the default forecast
(``scenario`` NULL: the active asset accounts) and one forecast per active
scenario, for the ``DAILY_BALANCE_DAYS`` days from the day of the refresh
(``timezone.localdate()``). Every write that can change them refreshes them
after its transaction commits (``daily_balances_refresh_on_commit``, once per
user and transaction): schedule-row and scenario creates, updates and deletes
here, and journal-entry creates, updates and deletes, account updates and
account deletes in ``finance.services.ledger``. Writes made outside LifeOS
(the original application) and the passing of days are caught up by the next
such write; ``finance.selectors.forecast.forecast`` always computes live.
"""

import datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction

import lifeos.inputs
from finance.models import (
    Account,
    MoneyScheduleDailyBalance,
    MoneyScheduleRow,
    MoneyScheduleScenario,
    MoneyScheduleScenarioRow,
    Recurrence,
)
from finance.selectors.forecast import (
    PlanningValidationError,
    _path_id,
    forecasts_with_scenarios,
    parse_date,
    parse_id,
    parse_money,
    today,
)
from lifeos.inputs import FieldErrors

__all__ = [
    "DAILY_BALANCE_DAYS",
    "SCENARIO_UPDATABLE_FIELDS",
    "SCHEDULE_ROW_FIELDS",
    "clean_scenario_rows",
    "clean_schedule_row",
    "daily_balances_refresh",
    "daily_balances_refresh_on_commit",
    "scenario_create",
    "scenario_delete",
    "scenario_update",
    "schedule_row_create",
    "schedule_row_delete",
    "schedule_row_update",
]

# Days of the stored forecasts, starting on the day of the refresh: one year.
DAILY_BALANCE_DAYS = 365
# Application limits on text columns, so a typo cannot store megabytes.
MEMO_MAX_LENGTH = 2000
DESCRIPTION_MAX_LENGTH = 10_000
NAME_MAX_LENGTH = MoneyScheduleScenario._meta.get_field("name").max_length
# Most rows one scenario may have: an application limit.
MAX_SCENARIO_ROWS = 1000

SCHEDULE_ROW_FIELDS = (
    "account_id",
    "event_date",
    "amount",
    "memo",
    "recurrence",
    "recurrence_until",
)
SCENARIO_UPDATABLE_FIELDS = ("name", "description", "is_active", "rows")


# Validation ------------------------------------------------------------------------


_parse_memo = partial(
    lifeos.inputs.parse_optional_text,
    max_length=MEMO_MAX_LENGTH,
    error=PlanningValidationError,
)


def _parse_recurrence(value, *, field_name):
    if value is None or value == "":
        return Recurrence.NONE.value
    if value not in Recurrence.values:
        raise PlanningValidationError(
            field_name,
            f"Unknown recurrence {value!r}; use one of: {', '.join(Recurrence.values)}.",
        )
    return value


def _owned_ids(model, user, ids):
    return set(model.objects.for_user(user).filter(pk__in=ids).values_list("pk", flat=True))


def clean_schedule_row(*, user, fields, row=None):
    """``fields`` of a schedule row (all of them, or those changing ``row``) checked and parsed.

    Returns the parsed values of the fields given. Rules:

    - ``account_id``: one of ``user``'s accounts (a missing and another user's
      id get the same "does not exist");
    - ``event_date``: a date; ``amount``: non-zero (zero moves no money),
      signed (+ inflow, - outflow), at most two decimals, below 10^16;
    - ``memo``: text of at most MEMO_MAX_LENGTH characters, blank is NULL;
    - ``recurrence``: none, weekly, monthly or yearly (default none);
    - ``recurrence_until``: a date or None, not before ``event_date``; only a
      recurring row has one: given with ``recurrence`` none it is an error,
      and a row made one-off by an update loses the one it had.

    Raises PlanningValidationError naming every bad field.
    """
    errors = FieldErrors(PlanningValidationError)
    errors.refuse_unknown(fields, SCHEDULE_ROW_FIELDS)
    for name in ("account_id", "event_date", "amount"):
        # A create needs them; an update may leave them out but not clear them.
        if (row is None or name in fields) and fields.get(name) in (None, ""):
            errors.add(name, "This field is required.")
    errors.raise_any()
    cleaned = {}
    if "account_id" in fields:
        account_id = errors.check(parse_id, fields["account_id"], "account_id", noun="Account")
        if account_id is not None and not _owned_ids(Account, user, [account_id]):
            errors.add("account_id", f"Account {fields['account_id']!r} does not exist.")
        cleaned["account_id"] = account_id
    if "event_date" in fields:
        cleaned["event_date"] = errors.check(parse_date, fields["event_date"], "event_date")
    if "amount" in fields:
        cleaned["amount"] = errors.check(parse_money, fields["amount"], "amount")
    if "memo" in fields:
        cleaned["memo"] = errors.check(_parse_memo, fields["memo"], "memo")
    if "recurrence" in fields:
        cleaned["recurrence"] = errors.check(_parse_recurrence, fields["recurrence"], "recurrence")
    if "recurrence_until" in fields:
        cleaned["recurrence_until"] = errors.check(
            parse_date, fields["recurrence_until"], "recurrence_until", required=False
        )

    # Checked even when other fields are bad, so one answer names every problem.
    recurrence = cleaned.get("recurrence", row.recurrence if row else Recurrence.NONE.value)
    event_date = cleaned.get("event_date", row.event_date if row else None)
    until = cleaned.get("recurrence_until", row.recurrence_until if row else None)
    if recurrence == Recurrence.NONE:
        if cleaned.get("recurrence_until") is not None:
            errors.add("recurrence_until", "Only a recurring row has an end date.")
        elif until is not None:
            cleaned["recurrence_until"] = None
    elif until is not None and event_date is not None and until < event_date:
        errors.add("recurrence_until", f"{until} is before the event date ({event_date}).")
    errors.raise_any()
    return cleaned


def _get_row(user, row_id):
    row = MoneyScheduleRow.objects.for_user(user).filter(pk=_path_id(row_id)).first()
    if row is None:
        raise MoneyScheduleRow.DoesNotExist("No such schedule row.")
    return row


def _get_scenario(user, scenario_id, *, lock=False):
    scenarios = MoneyScheduleScenario.objects.for_user(user)
    if lock:
        scenarios = scenarios.select_for_update()
    scenario = scenarios.filter(pk=_path_id(scenario_id)).first()
    if scenario is None:
        raise MoneyScheduleScenario.DoesNotExist("No such scenario.")
    return scenario


# Schedule rows ---------------------------------------------------------------------


def schedule_row_create(
    *,
    user,
    account_id,
    event_date,
    amount,
    memo=None,
    recurrence=Recurrence.NONE.value,
    recurrence_until=None,
):
    """Create one of ``user``'s schedule rows (rules: ``clean_schedule_row``).

    Raises PlanningValidationError naming each bad field; writes nothing then.
    The stored daily balances are refreshed after the commit.
    """
    cleaned = clean_schedule_row(
        user=user,
        fields={
            "account_id": account_id,
            "event_date": event_date,
            "amount": amount,
            "memo": memo,
            "recurrence": recurrence,
            "recurrence_until": recurrence_until,
        },
    )
    with transaction.atomic():
        row = MoneyScheduleRow.objects.create(user=user, **cleaned)
        daily_balances_refresh_on_commit(user=user)
    return row


def schedule_row_update(*, user, row_id, **fields):
    """Change some fields of ``user``'s schedule row ``row_id`` (a partial update).

    Any of ``account_id, event_date, amount, memo, recurrence,
    recurrence_until`` (rules: ``clean_schedule_row``, checked against the
    row's other values). Raises MoneyScheduleRow.DoesNotExist for a missing or
    another user's row, PlanningValidationError naming each bad field.
    """
    with transaction.atomic():
        row = _get_row(user, row_id)
        cleaned = clean_schedule_row(user=user, fields=fields, row=row)
        for name, value in cleaned.items():
            setattr(row, name, value)
        if cleaned:
            row.save(update_fields=[name.removesuffix("_id") for name in cleaned])
            daily_balances_refresh_on_commit(user=user)
    return row


def schedule_row_delete(*, user, row_id):
    """Delete ``user``'s schedule row ``row_id`` (and the scenario rows adjusting it).

    Raises MoneyScheduleRow.DoesNotExist for a missing or another user's row.
    """
    with transaction.atomic():
        _get_row(user, row_id).delete()
        daily_balances_refresh_on_commit(user=user)


# Scenarios -------------------------------------------------------------------------


def clean_scenario_rows(*, user, rows):
    """A scenario's ``rows`` checked and parsed, as MoneyScheduleScenarioRow field dicts.

    Each row is a dict of one of two kinds:

    - an adjustment: ``base_row_id`` (one of ``user``'s schedule rows) and a
      non-zero ``delta_amount`` added to each of its occurrences, with an
      optional ``memo``;
    - a hypothetical one-off row: ``event_date``, a non-zero signed ``amount``
      (stored in ``delta_amount``, the legacy column), ``account_id`` (one of
      ``user``'s accounts) and an optional ``memo``. The legacy table has no
      recurrence: a recurring what-if is an adjustment of a schedule row.

    Errors are keyed ``rows`` or ``rows.<index>.<field>`` (index from 0).
    Raises PlanningValidationError naming every bad field.
    """
    if rows is None:
        rows = []
    if not isinstance(rows, list | tuple):
        raise PlanningValidationError("rows", "Give the rows as a list.")
    if len(rows) > MAX_SCENARIO_ROWS:
        raise PlanningValidationError(
            "rows", f"A scenario has at most {MAX_SCENARIO_ROWS:,} rows (got {len(rows):,})."
        )
    errors = FieldErrors(PlanningValidationError)
    parsed = []
    hypothetical_fields = ("event_date", "amount", "account_id")
    for index, row in enumerate(rows):
        key = f"rows.{index}"
        if not isinstance(row, dict):
            errors.add(key, "Give the row as an object.")
            continue
        unknown = set(row) - {"id", "base_row_id", "delta_amount", "memo", *hypothetical_fields}
        for name in sorted(unknown):
            errors.add(f"{key}.{name}", "Unknown field.")
        memo = errors.check(_parse_memo, row.get("memo"), f"{key}.memo")
        if row.get("base_row_id") is not None:
            for name in hypothetical_fields:
                if row.get(name) is not None:
                    errors.add(
                        f"{key}.{name}",
                        "An adjustment changes its base row: leave event_date, amount and "
                        "account_id out (or base_row_id, for a hypothetical row).",
                    )
            base_row_id = errors.check(
                parse_id, row["base_row_id"], f"{key}.base_row_id", noun="Schedule row"
            )
            delta = errors.check(parse_money, row.get("delta_amount"), f"{key}.delta_amount")
            parsed.append(
                (index, {"base_row_id": base_row_id, "delta_amount": delta, "memo": memo})
            )
            continue
        if row.get("delta_amount") is not None:
            errors.add(
                f"{key}.delta_amount",
                "A hypothetical row gives its amount as amount; delta_amount goes with "
                "base_row_id.",
            )
        event_date = errors.check(parse_date, row.get("event_date"), f"{key}.event_date")
        amount = errors.check(parse_money, row.get("amount"), f"{key}.amount")
        account_id = None
        if row.get("account_id") is None:
            errors.add(f"{key}.account_id", "Choose an account.")
        else:
            account_id = errors.check(
                parse_id, row["account_id"], f"{key}.account_id", noun="Account"
            )
        parsed.append(
            (
                index,
                {
                    "event_date": event_date,
                    "delta_amount": amount,
                    "account_id": account_id,
                    "memo": memo,
                },
            )
        )
    errors.raise_any()

    # Ownership, in one query per kind of id.
    base_ids = {fields["base_row_id"] for _, fields in parsed if "base_row_id" in fields}
    account_ids = {fields["account_id"] for _, fields in parsed if "account_id" in fields}
    owned_rows = _owned_ids(MoneyScheduleRow, user, base_ids) if base_ids else set()
    owned_accounts = _owned_ids(Account, user, account_ids) if account_ids else set()
    for index, fields in parsed:
        if "base_row_id" in fields and fields["base_row_id"] not in owned_rows:
            errors.add(
                f"rows.{index}.base_row_id",
                f"Schedule row {rows[index]['base_row_id']!r} does not exist.",
            )
        if "account_id" in fields and fields["account_id"] not in owned_accounts:
            errors.add(
                f"rows.{index}.account_id", f"Account {rows[index]['account_id']!r} does not exist."
            )
    errors.raise_any()
    return [fields for _, fields in parsed]


def _clean_scenario_fields(fields):
    errors = FieldErrors(PlanningValidationError)
    cleaned = {}
    if "name" in fields:
        name = fields["name"]
        if not isinstance(name, str) or not name.strip():
            errors.add("name", "Enter a name.")
        elif len(name.strip()) > NAME_MAX_LENGTH:
            errors.add("name", f"Use at most {NAME_MAX_LENGTH} characters (it has {len(name)}).")
        else:
            cleaned["name"] = name.strip()
    if "description" in fields:
        cleaned["description"] = errors.check(
            _parse_memo, fields["description"], "description", max_length=DESCRIPTION_MAX_LENGTH
        )
    if "is_active" in fields:
        if not isinstance(fields["is_active"], bool):
            errors.add("is_active", "Give true or false.")
        else:
            cleaned["is_active"] = fields["is_active"]
    errors.raise_any()
    return cleaned


def _replace_rows(scenario, rows):
    scenario.rows.all().delete()
    MoneyScheduleScenarioRow.objects.bulk_create(
        MoneyScheduleScenarioRow(user_id=scenario.user_id, scenario=scenario, **fields)
        for fields in rows
    )


def scenario_create(*, user, name, description=None, rows=None, is_active=True):
    """Create one of ``user``'s what-if scenarios with its ``rows`` (``clean_scenario_rows``).

    ``name``: 1 to 128 characters; ``description``: optional text. Raises
    PlanningValidationError naming each bad field (``rows.<i>.<field>`` for a
    row); writes nothing then.
    """
    cleaned = _clean_scenario_fields(
        {"name": name, "description": description, "is_active": is_active}
    )
    parsed_rows = clean_scenario_rows(user=user, rows=rows)
    with transaction.atomic():
        scenario = MoneyScheduleScenario.objects.create(user=user, **cleaned)
        _replace_rows(scenario, parsed_rows)
        daily_balances_refresh_on_commit(user=user)
    return scenario


def scenario_update(*, user, scenario_id, **fields):
    """Change some of ``name, description, is_active``; ``rows``, when given, replace all rows.

    Raises MoneyScheduleScenario.DoesNotExist for a missing or another user's
    scenario, PlanningValidationError naming each bad field.
    """
    errors = FieldErrors(PlanningValidationError)
    for name in sorted(set(fields) - set(SCENARIO_UPDATABLE_FIELDS)):
        errors.add(name, "This field cannot be changed.")
    errors.raise_any()
    with transaction.atomic():
        scenario = _get_scenario(user, scenario_id, lock=True)
        cleaned = _clean_scenario_fields(fields)
        parsed_rows = (
            clean_scenario_rows(user=user, rows=fields["rows"]) if "rows" in fields else None
        )
        for name, value in cleaned.items():
            setattr(scenario, name, value)
        if cleaned:
            scenario.save(update_fields=list(cleaned))
        if parsed_rows is not None:
            _replace_rows(scenario, parsed_rows)
        if cleaned or parsed_rows is not None:
            daily_balances_refresh_on_commit(user=user)
    return scenario


def scenario_delete(*, user, scenario_id):
    """Delete ``user``'s scenario ``scenario_id`` with its rows and stored balances.

    Raises MoneyScheduleScenario.DoesNotExist for a missing or another user's scenario.
    """
    with transaction.atomic():
        _get_scenario(user, scenario_id).delete()
        daily_balances_refresh_on_commit(user=user)


# The stored daily balances ---------------------------------------------------------


def daily_balances_refresh(*, user, start=None):
    """Recompute ``user``'s stored daily balances now (see the module docstring).

    The default forecast and each active scenario's, for DAILY_BALANCE_DAYS
    days from ``start`` (default: today); the user's previous rows are
    replaced in one transaction, under a lock on the user's row so that two
    concurrent refreshes cannot interleave their rows.
    """
    start = start or today()
    end = start + datetime.timedelta(days=DAILY_BALANCE_DAYS - 1)
    with transaction.atomic():
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        base, scenarios = forecasts_with_scenarios(user=user, date_from=start, date_to=end)
        MoneyScheduleDailyBalance.objects.for_user(user).delete()
        balances = [
            MoneyScheduleDailyBalance(user_id=user.pk, as_of=day.date, balance=day.balance)
            for day in base.days
        ]
        for scenario_id, projected in scenarios.items():
            balances.extend(
                MoneyScheduleDailyBalance(
                    user_id=user.pk, as_of=day.date, balance=day.balance, scenario_id=scenario_id
                )
                for day in projected.days
            )
        MoneyScheduleDailyBalance.objects.bulk_create(balances, batch_size=2000)


def daily_balances_refresh_on_commit(*, user, using=None):
    """Refresh ``user``'s stored daily balances once the current transaction commits.

    For every write path that changes a forecast (the ledger's too). Called
    several times in one transaction, it refreshes once; outside a transaction
    it refreshes at once. A rolled-back transaction refreshes nothing.
    """
    connection = transaction.get_connection(using)
    for _, callback, *_ in connection.run_on_commit:
        if getattr(callback, "lifeos_refresh_user_id", None) == user.pk and not getattr(
            callback, "lifeos_done", False
        ):
            return

    def refresh():
        refresh.lifeos_done = True
        daily_balances_refresh(user=user)

    refresh.lifeos_refresh_user_id = user.pk
    transaction.on_commit(refresh, using=using)
