"""The lifeos app: project package and shared schema tooling."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """Make normalize_account_name and canonical_name callable from SQL on SQLite connections."""
    if connection.vendor != "sqlite":
        return
    from lifeos.normalization import (
        SQLITE_NFC_FUNCTION,
        SQLITE_NORMALIZE_FUNCTION,
        canonical_name,
        normalize_account_name,
    )

    connection.connection.create_function(
        SQLITE_NORMALIZE_FUNCTION, 1, normalize_account_name, deterministic=True
    )
    connection.connection.create_function(
        SQLITE_NFC_FUNCTION, 1, canonical_name, deterministic=True
    )


class LifeosConfig(AppConfig):
    name = "lifeos"
    verbose_name = "LifeOS"

    def ready(self):
        connection_created.connect(
            register_sqlite_functions, dispatch_uid="lifeos_sqlite_functions"
        )
        from finance.signals import account_created
        from lifeos.onboarding import record_first_account

        account_created.connect(record_first_account, dispatch_uid="lifeos_first_account")
        from django.db.models.signals import pre_delete

        from lifeos.unmodelled import delete_unmodelled_rows

        pre_delete.connect(
            delete_unmodelled_rows,
            sender=self.get_model("User"),
            dispatch_uid="lifeos_delete_unmodelled_rows",
        )
        self.connect_schema_verification()

    def connect_schema_verification(self):
        """The database check of verify_schema, and migrate's repair of schema drift."""
        from django.core import checks
        from django.db.models.signals import post_migrate

        from lifeos.checks import check_schema
        from lifeos.schema.repair import converge_after_migrate

        checks.register(check_schema, checks.Tags.database)
        # Django's model checks, through a filter of the one rule LifeOS does not
        # follow (lifeos.checks.check_models says which and why).
        from django.core.checks.model_checks import check_all_models
        from django.core.checks.registry import registry

        from lifeos.checks import check_models

        registry.registered_checks.discard(check_all_models)
        checks.register(check_models, checks.Tags.models)
        # Sent once per app after every migrate; once (for this app) is enough.
        post_migrate.connect(
            converge_after_migrate,
            sender=self,
            dispatch_uid="lifeos_converge_after_migrate",
        )
