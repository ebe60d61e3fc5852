"""The lifeos app: project package and shared schema tooling."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """Make normalize_account_name callable from SQL on SQLite connections."""
    if connection.vendor != "sqlite":
        return
    from lifeos.normalization import SQLITE_NORMALIZE_FUNCTION, normalize_account_name

    connection.connection.create_function(
        SQLITE_NORMALIZE_FUNCTION, 1, normalize_account_name, deterministic=True
    )


class LifeosConfig(AppConfig):
    name = "lifeos"
    verbose_name = "LifeOS"

    def ready(self):
        connection_created.connect(
            register_sqlite_functions, dispatch_uid="lifeos_sqlite_functions"
        )
