"""Reads of the finance app: typeahead and subtype suggestions."""

import functools

from django.db import connections, router
from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from finance.models import Account, AccountType
from lifeos.normalization import normalize_account_name

SEARCH_LIMIT_DEFAULT = 10
SEARCH_LIMIT_MAX = 50
SEARCH_FIELDS = ("id", "name", "account_type", "account_subtype")

# Characters after which a new word starts, for the typeahead's second tier.
WORD_SEPARATORS = (" ", "-", "/", ":", "(", ".", ",")

# The curated subtype suggestions per account type, merged with the user's own.
SUBTYPE_CATALOGUE = {
    AccountType.ASSET: ["cash", "checking", "savings", "investment", "receivable", "property"],
    AccountType.LIABILITY: ["credit card", "loan", "mortgage", "payable", "tax"],
    AccountType.EQUITY: ["opening balance", "owner contribution", "retained earnings", "drawings"],
    AccountType.INCOME: ["salary", "business", "interest", "dividends", "rental", "gift"],
    AccountType.EXPENSE: [
        "housing",
        "food",
        "transport",
        "utilities",
        "health",
        "entertainment",
        "insurance",
        "tax",
    ],
}

# Code points a PostgreSQL (UTF-8) string cannot hold: the surrogates.
_SURROGATES = range(0xD800, 0xE000)
_MAX_CODE_POINT = 0x10FFFF


class UnknownAccountTypeError(ValueError):
    """An account type outside AccountType; ``valid_types`` lists the valid ones."""

    def __init__(self, account_type):
        self.account_type = account_type
        self.valid_types = list(AccountType.values)
        super().__init__(
            f"Unknown account type {account_type!r}; use one of: {', '.join(self.valid_types)}."
        )


def prefix_upper_bound(prefix):
    """The least string greater than every string starting with ``prefix`` (None: no bound).

    ``normalized_name >= prefix AND normalized_name < bound`` selects exactly the
    names starting with ``prefix`` under code-point (binary) order, and a plain
    b-tree index serves it whatever the database's default collation.
    """
    chars = list(prefix)
    while chars:
        code = ord(chars.pop()) + 1
        if code in _SURROGATES:
            code = _SURROGATES.stop
        if code <= _MAX_CODE_POINT:
            return "".join(chars) + chr(code)
    return None


def clamp_search_limit(limit):
    """``limit`` within 1..SEARCH_LIMIT_MAX (None: the default)."""
    if limit is None:
        return SEARCH_LIMIT_DEFAULT
    return max(1, min(int(limit), SEARCH_LIMIT_MAX))


def _check_account_type(account_type):
    if account_type not in AccountType.values:
        raise UnknownAccountTypeError(account_type)


def prefix_condition(prefix):
    """Names starting with the (normalized) ``prefix``, as a range an index can serve."""
    condition = Q(normalized_name__gte=prefix)
    bound = prefix_upper_bound(prefix)
    if bound is not None:
        condition &= Q(normalized_name__lt=bound)
    return condition


def later_word_condition(prefix):
    """Names in which a word after the first starts with ``prefix``."""
    condition = Q()
    for separator in WORD_SEPARATORS:
        condition |= Q(normalized_name__contains=separator + prefix)
    return condition


def _scoped_accounts(user, account_type):
    accounts = Account.objects.for_user(user)
    if account_type is not None:
        accounts = accounts.filter(account_type=account_type)
    return accounts


def account_prefix_matches(*, user, prefix, is_active=True, account_type=None):
    """The first tier's query: ``user``'s accounts whose normalized name starts with ``prefix``.

    ``WHERE user_id = %s AND normalized_name >= %s AND normalized_name < %s
    ORDER BY normalized_name`` is read from the (user_id, normalized_name)
    index in order, so a LIMIT stops the scan after the rows it returns.
    """
    return (
        _scoped_accounts(user, account_type)
        .filter(prefix_condition(prefix), is_active=is_active)
        .order_by("normalized_name", "id")
        .values(*SEARCH_FIELDS)
    )


# Stand-ins compiled into the first tier's SQL in place of each call's values.
_USER_MARKER = -7_300_000_000_000_000_001
_LOW_MARKER, _HIGH_MARKER, _TYPE_MARKER = "\x01low", "\x01high", "\x01type"


@functools.lru_cache(maxsize=512)
def _compiled_prefix_matches(alias, *, bounded, typed, is_active, limit):
    """account_prefix_matches's SQL for one shape of call, and where each value goes.

    Building and compiling a queryset costs about twenty times what the
    database needs to answer it from the index, so the typeahead compiles each
    shape once and then runs the very same SQL with the call's values.
    """
    condition = Q(normalized_name__gte=_LOW_MARKER)
    if bounded:
        condition &= Q(normalized_name__lt=_HIGH_MARKER)
    accounts = Account.objects.filter(condition, user_id=_USER_MARKER, is_active=is_active)
    if typed:
        accounts = accounts.filter(account_type=_TYPE_MARKER)
    queryset = accounts.order_by("normalized_name", "id").values(*SEARCH_FIELDS)[:limit]
    sql, params = queryset.query.get_compiler(alias).as_sql()
    markers = {"user_id": _USER_MARKER, "low": _LOW_MARKER, "high": _HIGH_MARKER}
    markers["account_type"] = _TYPE_MARKER
    slots = []
    for param in params:
        found = [
            name
            for name, marker in markers.items()
            if type(param) is type(marker) and param == marker
        ]
        slots.append(found[0] if found else ("constant", param))
    return sql, tuple(slots)


def _prefix_rows(*, user, prefix, is_active, account_type, limit):
    """The first tier's rows, as account_prefix_matches(...)[:limit] would return them."""
    alias = router.db_for_read(Account)
    bound = prefix_upper_bound(prefix)
    sql, slots = _compiled_prefix_matches(
        alias,
        bounded=bound is not None,
        typed=account_type is not None,
        is_active=is_active,
        limit=limit,
    )
    values = {"user_id": user.pk, "low": prefix, "high": bound, "account_type": account_type}
    params = [slot[1] if isinstance(slot, tuple) else values[slot] for slot in slots]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(SEARCH_FIELDS, row, strict=True)) for row in cursor.fetchall()]


def account_search(*, user, query, account_type=None, limit=SEARCH_LIMIT_DEFAULT):
    """``user``'s accounts matching the typeahead text ``query``, as dicts of SEARCH_FIELDS.

    First the accounts whose normalized name starts with the normalized query,
    then (only while the limit is not filled) those in which a later word does;
    within each tier active accounts come first, each group in normalized-name
    order. An empty query gives the most recently used accounts.
    """
    limit = clamp_search_limit(limit)
    if account_type is not None:
        _check_account_type(account_type)
    prefix = normalize_account_name(query)
    if not prefix:
        return _recently_used(_scoped_accounts(user, account_type), limit)

    # Each tier is its own query so that the index gives the rows already in
    # order and the LIMIT stops the scan early; later tiers run only when the
    # earlier ones leave room.
    def first_tier(is_active, wanted):
        return _prefix_rows(
            user=user, prefix=prefix, is_active=is_active, account_type=account_type, limit=wanted
        )

    def second_tier(is_active, wanted):
        return (
            _scoped_accounts(user, account_type)
            .filter(later_word_condition(prefix), is_active=is_active)
            .exclude(prefix_condition(prefix))
            .order_by("normalized_name", "id")
            .values(*SEARCH_FIELDS)[:wanted]
        )

    results = []
    # Each tier's queryset is built only when it runs: building the later ones
    # costs as much as running the first (their eight LIKE conditions).
    tiers = ((first_tier, True), (first_tier, False), (second_tier, True), (second_tier, False))
    for tier, is_active in tiers:
        wanted = limit - len(results)
        if wanted <= 0:
            break
        results.extend(tier(is_active, wanted))
    return results


def _recently_used(accounts, limit):
    """Accounts by their latest posting, then by creation, newest first."""
    rows = (
        accounts.annotate(last_posted_at=Max("journal_lines__entry__posted_at"))
        .order_by(
            "-is_active",
            Coalesce("last_posted_at", "created_at").desc(),
            "-created_at",
            "-id",
        )
        .values(*SEARCH_FIELDS)[:limit]
    )
    return list(rows)


def account_subtypes(*, user, account_type):
    """Suggested subtypes of ``account_type``: the catalogue's, then the user's own others.

    Raises UnknownAccountTypeError for a type outside AccountType.
    """
    _check_account_type(account_type)
    suggestions = list(SUBTYPE_CATALOGUE[AccountType(account_type)])
    seen = {normalize_account_name(subtype) for subtype in suggestions}
    used = (
        Account.objects.for_user(user)
        .filter(account_type=account_type, account_subtype__isnull=False)
        .exclude(account_subtype="")
        .values_list("account_subtype", flat=True)
        .distinct()
    )
    for subtype in sorted(used, key=lambda value: (normalize_account_name(value), value)):
        key = normalize_account_name(subtype)
        if key and key not in seen:
            seen.add(key)
            suggestions.append(subtype)
    return suggestions
