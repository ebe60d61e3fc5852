"""Money in SQL and on screen: exact sums on every backend, two decimals when shown.

SQLite has no decimal type: a DecimalField is stored as a REAL, and ``SUM``
adds floats, so the sum of 800 lines of cents is off in its last digits
(``4889165.71000001``) and two equal totals may compare unequal. ``MoneySum``
sums integer cents there (``SUM(CAST(ROUND(x * 100) AS INTEGER))``), which is
exact, and turns them back into a ``Decimal``; PostgreSQL's ``SUM`` of a
numeric is exact already and is used as it is.

The sum's output field is not a plain ``DecimalField``: for one, Django's
SQLite backend turns every decimal result into a ``Decimal`` of 15 significant
digits (``create_decimal_from_float`` in a context of precision 15), which
rounded a sum of 10,000 amounts near a trillion to its hundreds; ``MoneySum``
converts the integer of cents itself. ``money_sum_sql`` is the same sum for
hand-written SQL (``lifeos.schema.invariants``).

SQLite still stores each amount as a float: amounts of more than 15
significant digits (above 9,999,999,999,999.99) are rounded when stored, which
no sum can undo; PostgreSQL stores numeric(18,2) exactly.
"""

from decimal import Decimal

from django.db.models import DecimalField, Sum

CENT = Decimal("0.01")


class MoneySumField(DecimalField):
    """The output field of ``MoneySum``: a decimal Django's backends leave unconverted.

    Its internal type is not ``DecimalField``, so the SQLite backend does not
    round the integer of cents to 15 significant digits (and no generic
    decimal converter runs); ``MoneySum`` converts the value itself.
    """

    def get_internal_type(self):
        return "MoneySumField"


# Sums of money columns (max_digits 18) over many rows need more digits.
SUM_FIELD = MoneySumField(max_digits=24, decimal_places=2)


def money_sum_sql(vendor, column):
    """SQL of the exact sum of the money ``column`` (already quoted) on ``vendor``.

    On SQLite it sums integer cents (compare two of them, or divide by 100 in
    Python); on PostgreSQL it is the plain ``SUM`` of the numeric column.
    """
    if vendor == "sqlite":
        return f"SUM(CAST(ROUND({column} * 100) AS INTEGER))"
    return f"SUM({column})"


class MoneySum(Sum):
    """The exact sum of a money column (two decimal places), as a ``Decimal``."""

    def __init__(self, expression, **extra):
        super().__init__(expression, output_field=SUM_FIELD, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # Each value rounded to whole cents before the sum: integer addition is exact.
        return self.as_sql(
            compiler,
            connection,
            template="%(function)s(%(distinct)sCAST(ROUND(%(expressions)s * 100) AS INTEGER))",
            **extra_context,
        )

    def get_db_converters(self, connection):
        converters = super().get_db_converters(connection)
        if connection.vendor == "sqlite":
            return [*converters, _cents_to_decimal]
        return [*converters, _to_decimal]


def _cents_to_decimal(value, expression, connection):
    if value is None:
        return None
    return (Decimal(int(value)) * CENT).quantize(CENT)


def _to_decimal(value, expression, connection):
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(value)


def money(value, *, grouping=False):
    """``value`` with exactly two decimals, thousands separated when ``grouping``.

    ``money(Decimal("69425.15"), grouping=True) == "69,425.15"``; ``None`` is "".
    """
    if value is None:
        return ""
    amount = Decimal(value).quantize(CENT)
    if amount == 0:
        amount = abs(amount)  # no "-0.00"
    return format(amount, ",.2f" if grouping else ".2f")
