"""The three trial balances: as of a date, for a period and per month of a year."""

from decimal import Decimal
from operator import itemgetter

from finance.models import AccountType, TrialBalanceSetting
from finance.selectors.trial_balances.dates import (
    check_period,
    check_year,
    end_of_day,
    start_of_day,
)
from finance.selectors.trial_balances.figures import (
    CENT,
    CREDIT,
    DEBIT,
    DEBIT_NORMAL_TYPES,
    TYPE_ORDER,
    ZERO,
    MonthFigures,
    MonthlyTrialBalance,
    MonthlyTypeRow,
    MonthTotals,
    PeriodGroup,
    PeriodRow,
    PeriodTotals,
    PeriodTrialBalance,
    Totals,
    TrialBalance,
    TrialBalanceGroup,
    TrialBalanceRow,
    normal_balance,
    on_normal_side,
)
from finance.selectors.trial_balances.sql import Sql, account_figures, month_bounds, monthly_sums


def _by_type(sql, figures):
    """``(account_type, figures)`` pairs in AccountType order, each by normalized name, id."""
    by_type = {}
    for figure in figures:
        members = by_type.get(figure[3])
        if members is None:
            members = by_type[figure[3]] = []
        members.append(figure)
    if not sql.by_name:  # not sorted by the statement
        # By id, then by name: the second sort is stable. Twice as fast as one
        # sort on (name, id) keys, and no key tuple for the garbage collector.
        by_id, by_name = itemgetter(0), itemgetter(2)
        for members in by_type.values():
            members.sort(key=by_id)
            members.sort(key=by_name)
    return [
        (kind, by_type[kind])
        for kind in sorted(by_type, key=lambda kind: TYPE_ORDER.get(kind, len(TYPE_ORDER)))
    ]


def trial_balance_setting(*, user):
    """``user``'s trial-balance preferences, or the defaults when there is no row."""
    setting = TrialBalanceSetting.objects.for_user(user).first()
    return setting or TrialBalanceSetting(user=user)


def _type_group(account_type, rows, totals, group_by_subtype, make_group, totals_of):
    """The group of one type's ``rows`` and their ``totals`` (split by subtype when asked).

    ``make_group(account_type, subtype, rows, totals)`` builds a group;
    ``totals_of(rows)`` sums a subtype's rows.
    """
    group = make_group(account_type, None, [], totals)
    if not group_by_subtype:
        group.rows = rows
        return group
    by_subtype = {}
    for row in rows:
        by_subtype.setdefault(row.account_subtype, []).append(row)
    # Named subtypes alphabetically, accounts without one last.
    group.groups = [
        make_group(account_type, subtype, members, totals_of(members))
        for subtype, members in sorted(
            by_subtype.items(), key=lambda item: (item[0] is None, item[0] or "")
        )
    ]
    return group


def _totals(rows):
    debit = credit = ZERO
    for row in rows:
        debit += row.debit
        credit += row.credit
    return Totals(debit, credit)


def _trial_balance_group(account_type, subtype, rows, totals):
    return TrialBalanceGroup(account_type, subtype, rows, totals=totals)


def trial_balance(*, user, as_of=None):
    """``user``'s trial balance from journal entries posted on or before ``as_of`` (a date).

    Each account row has its debit and credit totals, its ``normal_balance``
    and its ``balance_on_normal_side``. Accounts whose debits equal their
    credits are left out unless the user's setting includes zero balances.
    One statement for a user with up to ACCOUNT_LOOKUP_LIMIT accounts who
    leaves zero balances out and has some to show (``account_figures``);
    otherwise two, or three beyond ACCOUNT_LOOKUP_LIMIT accounts.
    """
    sql = Sql()
    bound = end_of_day(as_of) if as_of is not None else None
    context, figures = account_figures(sql, user.pk, start=None, end=bound, keep="pd <> pc")
    cents = sql.cents
    groups = []
    grand = Totals()
    for account_type, members in _by_type(sql, figures):
        debit_normal = account_type in DEBIT_NORMAL_TYPES
        normal = DEBIT if debit_normal else CREDIT
        rows = []
        type_debit = type_credit = ZERO
        for account_id, name, _, _, subtype, is_active, debit, credit, _ in members:
            if cents:
                # Whole cents times 0.01: exact (int64 cents have at most 19 digits,
                # the context keeps 28), and faster than scaleb.
                debit, credit = Decimal(debit) * CENT, Decimal(credit) * CENT
            type_debit += debit
            type_credit += credit
            # Positional: TrialBalanceRow's fields in order. x - x is 0.00, never -0.00.
            rows.append(
                TrialBalanceRow(
                    account_id,
                    name,
                    account_type,
                    subtype,
                    bool(is_active),
                    debit,
                    credit,
                    normal,
                    debit - credit if debit_normal else credit - debit,
                )
            )
        group = _type_group(
            account_type,
            rows,
            Totals(type_debit, type_credit),
            context.group_by_subtype,
            _trial_balance_group,
            _totals,
        )
        grand.add(group.totals)
        groups.append(group)
    return TrialBalance(
        as_of=as_of,
        group_by_subtype=context.group_by_subtype,
        include_zero_balances=context.include_zero_balances,
        groups=groups,
        totals=grand,
    )


def _period_totals(rows):
    opening = debit = credit = closing = ZERO
    for row in rows:
        opening += row.opening
        debit += row.debit
        credit += row.credit
        closing += row.closing
    return PeriodTotals(opening, debit, credit, closing)


def trial_balance_period(*, user, date_from, date_to):
    """``user``'s trial balance over ``date_from``..``date_to`` (dates, both included).

    Per account: ``opening`` (debit minus credit of the entries posted before
    ``date_from``), the ``debit`` and ``credit`` posted from ``date_from`` to
    ``date_to``, ``closing`` (opening + debit - credit), its ``normal_balance``
    and both balances signed on that side, grouped like the as-of trial
    balance, with totals. Accounts with nothing before or in the period are
    left out unless the setting includes zero balances. Raises
    TrialBalanceInputError (its ``field`` is ``from`` or ``to``) for an
    invalid period.
    """
    check_period(date_from=date_from, date_to=date_to)
    sql = Sql()
    start, end = start_of_day(date_from), end_of_day(date_to)
    context, figures = account_figures(
        sql, user.pk, start=start, end=end, keep="od <> oc OR pd <> 0 OR pc <> 0"
    )
    cents = sql.cents
    groups = []
    grand = PeriodTotals()
    for account_type, members in _by_type(sql, figures):
        debit_normal = account_type in DEBIT_NORMAL_TYPES
        normal = DEBIT if debit_normal else CREDIT

        def make_group(kind, subtype, rows, totals, normal=normal):
            return PeriodGroup(kind, normal, subtype, rows, totals=totals)

        rows = []
        for account_id, name, _, _, subtype, is_active, od, oc, debit, credit, _ in members:
            if cents:
                od, oc = Decimal(od) * CENT, Decimal(oc) * CENT
                debit, credit = Decimal(debit) * CENT, Decimal(credit) * CENT
            opening = od - oc
            closing = opening + debit - credit
            rows.append(
                PeriodRow(
                    account_id,
                    name,
                    account_type,
                    subtype,
                    bool(is_active),
                    normal,
                    opening,
                    debit,
                    credit,
                    closing,
                    opening if debit_normal else ZERO - opening,
                    closing if debit_normal else ZERO - closing,
                )
            )
        group = _type_group(
            account_type,
            rows,
            _period_totals(rows),
            context.group_by_subtype,
            make_group,
            _period_totals,
        )
        grand.add(group.totals)
        groups.append(group)
    return PeriodTrialBalance(
        date_from=date_from,
        date_to=date_to,
        group_by_subtype=context.group_by_subtype,
        include_zero_balances=context.include_zero_balances,
        groups=groups,
        totals=grand,
    )


def trial_balance_monthly(*, user, year):
    """``user``'s debits, credits and closing balance per account type and month of ``year``.

    Every type of AccountType is listed (types without lines show zeros), with
    the twelve months in order; ``closing`` is the type's balance (debit minus
    credit) at the month's end, everything posted before the year included,
    and ``closing_on_normal_side`` the same signed on the type's normal side.
    One grouped statement (``monthly_sums``): the user's month rows up to the
    year's end, per account type and bucket (0: before the year, then each
    month). Raises TrialBalanceInputError naming ``year`` for a year outside
    1..9999.
    """
    check_year(year)
    sql = Sql()
    starts, end = month_bounds(year)
    sums = monthly_sums(sql, user.pk, starts, end)
    kinds = list(AccountType.values)
    kinds += sorted({row[0] for row in sums if row[0] not in TYPE_ORDER})
    # per type: [opening, (debit, credit) per month 1..12]
    debit = {kind: [ZERO] * 13 for kind in kinds}
    credit = {kind: [ZERO] * 13 for kind in kinds}
    for kind, month, type_debit, type_credit in sums:
        debit[kind][month] = sql.money(type_debit)
        credit[kind][month] = sql.money(type_credit)
    types = []
    month_debit, month_credit = [ZERO] * 13, [ZERO] * 13
    for kind in kinds:
        normal = normal_balance(kind)
        balance = debit[kind][0] - credit[kind][0]
        row = MonthlyTypeRow(account_type=kind, normal_balance=normal, opening=balance, months=[])
        for month in range(1, 13):
            balance += debit[kind][month] - credit[kind][month]
            row.months.append(
                MonthFigures(
                    month=month,
                    debit=debit[kind][month],
                    credit=credit[kind][month],
                    closing=balance,
                    closing_on_normal_side=on_normal_side(balance, normal),
                )
            )
        for month in range(13):
            month_debit[month] += debit[kind][month]
            month_credit[month] += credit[kind][month]
        types.append(row)
    totals = []
    balance = month_debit[0] - month_credit[0]
    for month in range(1, 13):
        balance += month_debit[month] - month_credit[month]
        totals.append(MonthTotals(month, month_debit[month], month_credit[month], balance))
    return MonthlyTrialBalance(year=year, types=types, totals=totals)
