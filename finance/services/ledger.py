"""Writes of the finance app: accounts and journal entries.

Every path that creates an account (API, admin, demo data) goes through
``account_create``, so ``finance.account.created`` is sent exactly once per
account, after the transaction commits. Writes that change a forecast refresh
the stored daily balances after the commit (``finance.services.schedule``).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import RestrictedError
from django.utils import timezone

from finance.models import Account, AccountType, JournalEntry, JournalLine
from finance.services.schedule import daily_balances_refresh_on_commit
from finance.signals import ACCOUNT_CREATED_EVENT, account_created
from lifeos.normalization import NFC, canonical_name, normalize_account_name
from lifeos.validators import datetime_range_message, is_storable_datetime

NAME_MAX_LENGTH = Account._meta.get_field("name").max_length
NORMALIZED_NAME_MAX_LENGTH = Account._meta.get_field("normalized_name").max_length
SUBTYPE_MAX_LENGTH = Account._meta.get_field("account_subtype").max_length
REFERENCE_MAX_LENGTH = JournalEntry._meta.get_field("reference").max_length
# The memo is a text column; this is an application limit, so a typo cannot
# store megabytes.
MEMO_MAX_LENGTH = 2000
# Largest id an account can have: the key is a 32-bit integer on PostgreSQL.
ACCOUNT_ID_MAX = 2**31 - 1
# Largest amount a line can hold: numeric(18,2).
AMOUNT_LIMIT = Decimal("1e16")
CENT = Decimal("0.01")
# Most lines one journal entry may have: an application limit (the legacy schema
# has none), so one request cannot post an entry too large to show, edit or
# check in reasonable time. PostgreSQL's ledger trigger sums each entry once
# per transaction, so posting stays linear up to it (docs/performance.md).
MAX_LINES_PER_ENTRY = 10_000


class AccountValidationError(ValidationError):
    """Bad account input; ``message_dict`` maps each field to its messages."""


class AccountExistsError(Exception):
    """The user already has an account with this normalized name (``.account``)."""

    def __init__(self, account):
        self.account = account
        super().__init__(f"An account named {account.name!r} already exists.")


class AccountInUseError(Exception):
    """The account has journal lines, so it cannot be deleted on its own (``.lines``)."""

    def __init__(self, account, lines):
        self.account = account
        self.lines = lines
        super().__init__(
            f"The account {account.name!r} cannot be deleted: {lines:,} journal "
            f"{'line posts' if lines == 1 else 'lines post'} to it. Delete or change those journal "
            "entries first, or mark the account inactive."
        )


class JournalEntryValidationError(ValidationError):
    """A journal entry that cannot be posted; the message names the problem and line.

    ``line`` is the offending line's position, counted from 1, or None when the
    problem is the entry as a whole.
    """

    def __init__(self, message, *, line=None):
        super().__init__(message)
        self.line = line


def _account_errors(*, name, account_type, account_subtype):
    errors = {}
    if not isinstance(name, str) or not name.strip():
        errors["name"] = ["Enter a name."]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [f"Use at most {NAME_MAX_LENGTH} characters (it has {len(name)})."]
    elif normalized_name_error(name):
        errors["name"] = [normalized_name_error(name)]
    if account_type not in AccountType.values:
        errors["account_type"] = [
            f"Unknown account type {account_type!r}; use one of: {', '.join(AccountType.values)}."
        ]
    if account_subtype is not None:
        if not isinstance(account_subtype, str):
            errors["account_subtype"] = ["Give the subtype as text."]
        elif len(account_subtype) > SUBTYPE_MAX_LENGTH:
            errors["account_subtype"] = [
                f"Use at most {SUBTYPE_MAX_LENGTH} characters (it has {len(account_subtype)})."
            ]
    return errors


def normalized_name_error(name):
    """The problem when ``name``'s normalized form does not fit its column, else None.

    Lower-casing can lengthen a name: "İ" becomes "i̇" (two code points), so
    200 of them are 400 characters once normalized.
    """
    normalized = normalize_account_name(name)
    if len(normalized) > NORMALIZED_NAME_MAX_LENGTH:
        return (
            f"Use a shorter name: in lower case it has {len(normalized)} characters, "
            f"at most {NORMALIZED_NAME_MAX_LENGTH} fit."
        )
    return None


def account_with_same_name(*, user, name, exclude_pk=None):
    """``user``'s first account whose name is the same as ``name`` once normalized, or None.

    Names are compared on the NFC form of their normalized name, so "Épargne"
    spelled with a precomposed É (NFC) and with E + U+0301 (NFD) are the same
    name; ``normalized_name`` itself stays what the original application computes.
    """
    normalized = normalize_account_name(name)
    accounts = Account.objects.for_user(user).order_by("id")
    if exclude_pk is not None:
        accounts = accounts.exclude(pk=exclude_pk)
    exact = accounts.filter(normalized_name=normalized).first()
    if exact is not None:
        return exact
    return (
        accounts.alias(nfc_name=NFC("normalized_name"))
        .filter(nfc_name=canonical_name(normalized))
        .first()
    )


def _clean_subtype(account_subtype):
    """Surrounding white space dropped; a blank subtype is no subtype."""
    if isinstance(account_subtype, str):
        account_subtype = account_subtype.strip()
        return account_subtype or None
    return account_subtype


def _send_account_created(account):
    account_created.send(
        sender=Account, account=account, user=account.user, event=ACCOUNT_CREATED_EVENT
    )


def _serialize_account_names(user):
    """Lock the user's row so concurrent creations cannot both pass the duplicate check.

    Duplicate normalized names are a per-user rule that the binding schema keeps
    as a plain (non-unique) index; this row lock makes the service's check safe
    on PostgreSQL (SQLite serializes writers by itself).
    """
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


def account_create(*, user, name, account_type, account_subtype=None):
    """Create one of ``user``'s accounts; ``finance.account.created`` follows on commit.

    Raises AccountValidationError for bad input and AccountExistsError when the
    user already has an account with the same normalized name.
    """
    account_subtype = _clean_subtype(account_subtype)
    errors = _account_errors(name=name, account_type=account_type, account_subtype=account_subtype)
    if errors:
        raise AccountValidationError(errors)
    name = name.strip()
    with transaction.atomic():
        _serialize_account_names(user)
        existing = account_with_same_name(user=user, name=name)
        if existing is not None:
            raise AccountExistsError(existing)
        account = Account(
            user=user, name=name, account_type=account_type, account_subtype=account_subtype
        )
        account.save(force_insert=True)
        transaction.on_commit(lambda: _send_account_created(account))
    return account


ACCOUNT_UPDATABLE_FIELDS = ("name", "account_type", "account_subtype", "is_active")


def account_update(*, user, account, **fields):
    """Change some of ``account``'s fields; a rename keeps ``normalized_name`` in step.

    ``account`` must belong to ``user``. Raises AccountValidationError for bad
    input and AccountExistsError when a rename collides with another account.
    """
    unknown = sorted(set(fields) - set(ACCOUNT_UPDATABLE_FIELDS))
    if unknown:
        raise AccountValidationError(
            {field: ["This field cannot be changed."] for field in unknown}
        )
    if account.user_id != getattr(user, "pk", None):
        raise Account.DoesNotExist("No such account.")
    if "account_subtype" in fields:
        fields["account_subtype"] = _clean_subtype(fields["account_subtype"])
    errors = _account_errors(
        name=fields.get("name", account.name),
        account_type=fields.get("account_type", account.account_type),
        account_subtype=fields.get("account_subtype", account.account_subtype),
    )
    if "is_active" in fields and not isinstance(fields["is_active"], bool):
        errors["is_active"] = ["Give true or false."]
    if errors:
        raise AccountValidationError(errors)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    with transaction.atomic():
        if "name" in fields:
            _serialize_account_names(user)
            clash = account_with_same_name(user=user, name=fields["name"], exclude_pk=account.pk)
            if clash is not None:
                raise AccountExistsError(clash)
        for field, value in fields.items():
            setattr(account, field, value)
        if fields:
            # Account.save adds normalized_name when name is among update_fields.
            account.save(update_fields=list(fields))
        if {"account_type", "is_active"} & set(fields):
            # The default forecast covers the active asset accounts.
            daily_balances_refresh_on_commit(user=user)
    return account


def _parse_amount(value, *, line_number, side):
    """An amount as a Decimal, None when absent or zero-free blank; raises on bad input."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | float):
        # Floats cannot say "two decimal places" exactly; ask for strings.
        raise JournalEntryValidationError(
            f'Line {line_number}: give the {side} as a string or decimal, e.g. "12.50".',
            line=line_number,
        )
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise JournalEntryValidationError(
            f"Line {line_number}: {side} {value!r} is not a number.", line=line_number
        ) from None
    if not amount.is_finite():
        raise JournalEntryValidationError(
            f"Line {line_number}: {side} {value!r} is not a number.", line=line_number
        )
    if amount <= 0:
        raise JournalEntryValidationError(
            f"Line {line_number}: the {side} must be positive (got {value}).", line=line_number
        )
    # Before quantize, which cannot give 1e26 two decimal places (28 digits at most).
    if amount >= AMOUNT_LIMIT:
        raise JournalEntryValidationError(
            f"Line {line_number}: the {side} {value} is too large (below {AMOUNT_LIMIT:,.0f}).",
            line=line_number,
        )
    if amount != amount.quantize(CENT):
        raise JournalEntryValidationError(
            f"Line {line_number}: the {side} {value} has more than two decimal places.",
            line=line_number,
        )
    return amount.quantize(CENT)


def _line_account_id(line, line_number):
    if "account" in line and line["account"] is not None:
        account = line["account"]
        value = account.pk if isinstance(account, Account) else account
    else:
        value = line.get("account_id")
    if value is None or isinstance(value, bool):
        raise JournalEntryValidationError(
            f"Line {line_number}: choose an account.", line=line_number
        )
    account_id = None
    if isinstance(value, int):
        account_id = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        account_id = int(value.strip())
    elif isinstance(value, Decimal | float):
        # A JSON number such as 3.0 or 3e0; never 3.5, Infinity or 1e309.
        number = Decimal(value)
        if number.is_finite() and number == number.to_integral_value():
            account_id = int(number) if 1 <= number <= ACCOUNT_ID_MAX else 0
    if account_id is None or not 1 <= account_id <= ACCOUNT_ID_MAX:
        # Ids outside the key's range exist no more than "abc" does.
        shown = repr(value) if isinstance(value, str) else str(value)
        raise JournalEntryValidationError(
            f"Line {line_number}: account {shown} does not exist.", line=line_number
        )
    return account_id


def _validated_entry(*, posted_at, description, reference, lines):
    """Check an entry's fields and lines; return (description, reference, parsed lines).

    Each parsed line is (line number, account id, debit, credit, memo).
    """
    if not isinstance(posted_at, datetime.datetime):
        raise JournalEntryValidationError("Give the date and time the entry is posted (posted_at).")
    if timezone.is_naive(posted_at):
        raise JournalEntryValidationError("posted_at must be an aware date and time.")
    if not is_storable_datetime(posted_at):
        raise JournalEntryValidationError(datetime_range_message("posted_at", posted_at))
    if description is None:
        description = ""
    if not isinstance(description, str):
        raise JournalEntryValidationError("The description must be text.")
    if reference is not None:
        if not isinstance(reference, str):
            raise JournalEntryValidationError("The reference must be text.")
        reference = reference.strip() or None
        if reference is not None and len(reference) > REFERENCE_MAX_LENGTH:
            raise JournalEntryValidationError(
                f"The reference has more than {REFERENCE_MAX_LENGTH} characters."
            )
    if not isinstance(lines, list | tuple):
        raise JournalEntryValidationError("Give the lines as a list.")
    if len(lines) < 2:
        raise JournalEntryValidationError("A journal entry needs at least two lines.")
    if len(lines) > MAX_LINES_PER_ENTRY:
        raise JournalEntryValidationError(
            f"A journal entry has at most {MAX_LINES_PER_ENTRY:,} lines "
            f"(this one has {len(lines):,})."
        )

    parsed = []
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, dict):
            raise JournalEntryValidationError(
                f"Line {number}: give the line as an object.", line=number
            )
        account_id = _line_account_id(line, number)
        debit = _parse_amount(line.get("debit"), line_number=number, side="debit")
        credit = _parse_amount(line.get("credit"), line_number=number, side="credit")
        if (debit is None) == (credit is None):
            raise JournalEntryValidationError(
                f"Line {number}: give exactly one of debit or credit.", line=number
            )
        memo = line.get("memo") or ""
        if not isinstance(memo, str):
            raise JournalEntryValidationError(f"Line {number}: the memo must be text.", line=number)
        if len(memo) > MEMO_MAX_LENGTH:
            raise JournalEntryValidationError(
                f"Line {number}: the memo has more than {MEMO_MAX_LENGTH} characters.", line=number
            )
        # Blank optional text is stored as NULL, as the original application stores it.
        parsed.append(
            (number, account_id, debit or Decimal(0), credit or Decimal(0), memo.strip() or None)
        )

    total_debit = sum((debit for _, _, debit, _, _ in parsed), Decimal(0))
    total_credit = sum((credit for _, _, _, credit, _ in parsed), Decimal(0))
    if total_debit != total_credit:
        raise JournalEntryValidationError(
            f"Debits ({total_debit}) must equal credits ({total_credit})."
        )
    return description.strip() or None, reference, parsed


def _write_lines(*, user, entry, parsed):
    """Insert ``entry``'s lines after checking every account is ``user``'s."""
    wanted = {account_id for _, account_id, _, _, _ in parsed}
    owned = set(Account.objects.for_user(user).filter(pk__in=wanted).values_list("pk", flat=True))
    for number, account_id, _, _, _ in parsed:
        if account_id not in owned:
            raise JournalEntryValidationError(
                f"Line {number}: account {account_id} does not exist.", line=number
            )
    JournalLine.objects.bulk_create(
        JournalLine(
            user=user, entry=entry, account_id=account_id, debit=debit, credit=credit, memo=memo
        )
        for _, account_id, debit, credit, memo in parsed
    )


def journal_entry_create(*, user, posted_at, description="", reference=None, lines):
    """Post a balanced journal entry with its lines, all or nothing.

    Raises JournalEntryValidationError naming the problem (and the line, counted
    from 1) unless there are at least two lines and at most
    ``MAX_LINES_PER_ENTRY``, each with exactly one positive
    debit or credit of at most two decimal places on one of ``user``'s accounts,
    and the debits equal the credits.
    """
    description, reference, parsed = _validated_entry(
        posted_at=posted_at, description=description, reference=reference, lines=lines
    )
    with transaction.atomic():
        entry = JournalEntry.objects.create(
            user=user, posted_at=posted_at, description=description, reference=reference
        )
        _write_lines(user=user, entry=entry, parsed=parsed)
        daily_balances_refresh_on_commit(user=user)
    return entry


def journal_entry_update(*, user, entry, posted_at, description="", reference=None, lines):
    """Replace a journal entry's fields and lines, all or nothing, under the create rules.

    ``entry`` must be one of ``user``'s entries; another user's behaves as missing.
    """
    if entry.user_id != getattr(user, "pk", None):
        raise JournalEntry.DoesNotExist("No such journal entry.")
    description, reference, parsed = _validated_entry(
        posted_at=posted_at, description=description, reference=reference, lines=lines
    )
    with transaction.atomic():
        entry.posted_at, entry.description, entry.reference = posted_at, description, reference
        entry.save(update_fields=["posted_at", "description", "reference"])
        entry.lines.all().delete()
        _write_lines(user=user, entry=entry, parsed=parsed)
        daily_balances_refresh_on_commit(user=user)
    return entry


def account_delete(*, user, account):
    """Delete one of ``user``'s accounts that no journal line posts to.

    Raises AccountInUseError (and deletes nothing) when lines post to it: the
    ledger keeps its history (``JournalLine.account`` is RESTRICT in the
    database too). Deleting the user deletes their accounts with their lines.
    """
    if account.user_id != getattr(user, "pk", None):
        raise Account.DoesNotExist("No such account.")
    with transaction.atomic():
        lines = JournalLine.objects.filter(account=account).count()
        if lines:
            raise AccountInUseError(account, lines)
        try:
            account.delete()
        except RestrictedError:  # a line written meanwhile
            raise AccountInUseError(
                account, JournalLine.objects.filter(account=account).count()
            ) from None
        # Its schedule rows went with it.
        daily_balances_refresh_on_commit(user=user)


def journal_entry_delete(*, user, entry):
    """Delete one of ``user``'s journal entries with all its lines (it stays balanced: empty).

    ``entry`` must be one of ``user``'s entries; another user's behaves as missing.
    Transactions that pointed to it keep their rows, without the link.
    """
    if entry.user_id != getattr(user, "pk", None):
        raise JournalEntry.DoesNotExist("No such journal entry.")
    with transaction.atomic():
        entry.delete()
        daily_balances_refresh_on_commit(user=user)
