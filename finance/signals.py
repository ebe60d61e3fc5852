"""Signals the finance app sends.

``finance.account.created`` (``ACCOUNT_CREATED_EVENT``): sent by
``account_created`` exactly once for every account created, whatever the path
(API, admin, service, demo data), after the creating transaction commits and
never when it rolls back. Receivers get ``sender=Account``, ``account`` and
``user`` keyword arguments, plus ``event`` (the event name).
"""

from django.dispatch import Signal

# The event's public name; front ends and logs refer to it by this string.
ACCOUNT_CREATED_EVENT = "finance.account.created"

account_created = Signal()
