from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """Unicode lower-casing callable from SQL on SQLite (whose LOWER folds only ASCII)."""
    if connection.vendor != "sqlite":
        return
    from journal.selectors import SQLITE_LOWER_FUNCTION, sqlite_lower

    connection.connection.create_function(
        SQLITE_LOWER_FUNCTION, 1, sqlite_lower, deterministic=True
    )


class JournalConfig(AppConfig):
    name = "journal"

    def ready(self):
        connection_created.connect(
            register_sqlite_functions, dispatch_uid="journal_sqlite_functions"
        )
