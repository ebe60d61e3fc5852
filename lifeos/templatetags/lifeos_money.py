"""``{{ amount|money }}``: two decimals, thousands separated (``69,425.15``)."""

from django import template

from lifeos.money import money as format_money

register = template.Library()


@register.filter
def money(value):
    """``value`` as money a person reads: two decimals, thousands separated."""
    return format_money(value, grouping=True)
