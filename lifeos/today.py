"""The morning view: one answer made of every app's ``selectors.today_view``.

Each domain app may define ``today_view(*, user, today)`` in its ``selectors``
module, returning a JSON-ready dict of its part (habits due, tasks due, people
to reconnect with...). The core knows no app: it finds them through the app
registry, as the admin finds ``admin.py``, and merges their dicts under the
user's local date.
"""

import importlib

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from lifeos.dates import user_today, user_zone


def today_providers():
    """The ``today_view`` functions of the installed apps, in INSTALLED_APPS order."""
    providers = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "selectors"):
            module = importlib.import_module(f"{app_config.name}.selectors")
            if hasattr(module, "today_view"):
                providers.append(module.today_view)
    return providers


def today_view(*, user, now=None):
    """The user's morning view: their local date and time zone, then each app's part."""
    today = user_today(user, now=now)
    view = {"date": today, "timezone": str(user_zone(user))}
    for provider in today_providers():
        view.update(provider(user=user, today=today))
    return view
