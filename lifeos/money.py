"""Money in SQL and on screen: exact sums on every backend, two decimals when shown.

SQLite has no decimal type: a DecimalField is stored as a REAL, and ``SUM``
adds floats, so the sum of 800 lines of cents is off in its last digits
(``4889165.71000001``) and two equal totals may compare unequal. ``MoneySum``
sums integer cents there (``SUM(CAST(ROUND(x * 100) AS INTEGER))``), which is
exact, and turns them back into a ``Decimal``; PostgreSQL's ``SUM`` of a
numeric is exact already and is used as it is.
"""

from decimal import Decimal

from django.db.models import DecimalField, Sum

CENT = Decimal("0.01")
# Sums of money columns (max_digits 14) over many rows need more digits.
SUM_FIELD = DecimalField(max_digits=20, decimal_places=2)


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
        return converters


def _cents_to_decimal(value, expression, connection):
    if value is None:
        return None
    return (Decimal(int(value)) * CENT).quantize(CENT)


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
