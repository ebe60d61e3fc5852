"""Throwaway databases for tests that run migrations on a database of their own."""

import copy
import os
import shutil

from django.conf import settings
from django.db import connections


def admin_connection():
    """An autocommit psycopg2 connection to the server's maintenance database."""
    import psycopg2

    db = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname="postgres",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    connection.autocommit = True
    return connection


def scratch_settings(name):
    """The default database's settings, pointed at database ``name``."""
    db = copy.deepcopy(connections.settings["default"])
    db["NAME"] = name
    db["TEST"] = {**db.get("TEST", {}), "NAME": name}
    return db


def create_scratch_database(alias, directory, *, create_sql=None):
    """Create an empty database and register it as connection ``alias``.

    On SQLite it is a file in ``directory``; on PostgreSQL a database named
    ``alias`` (``create_sql`` may add options such as an ICU locale).
    """
    vendor = connections["default"].vendor
    if vendor == "sqlite":
        name = os.path.join(directory, f"{alias}.sqlite3")
    else:
        name = alias
        admin = admin_connection()
        try:
            with admin.cursor() as cursor:
                cursor.execute(create_sql or f'CREATE DATABASE "{name}"')
        finally:
            admin.close()
    connections.settings[alias] = scratch_settings(name)
    return name


def drop_scratch_database(alias):
    """Close and forget connection ``alias``; drop its database on PostgreSQL."""
    vendor = connections[alias].vendor
    connections[alias].close()
    name = connections.settings[alias]["NAME"]
    del connections[alias]
    del connections.settings[alias]
    if vendor == "postgresql":
        admin = admin_connection()
        try:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            admin.close()


def clone_scratch_database(alias, directory, template_alias):
    """Create database ``alias`` as a copy of scratch database ``template_alias``.

    A migrated template copied is the same database as one migrated anew, in a
    fraction of the time: PostgreSQL copies it with ``CREATE DATABASE ... TEMPLATE``
    (which needs the template's connections closed), SQLite copies the file.
    """
    template = connections[template_alias]
    template.close()
    template_name = connections.settings[template_alias]["NAME"]
    if template.vendor == "sqlite":
        name = create_scratch_database(alias, directory)
        shutil.copyfile(template_name, name)
        return name
    return create_scratch_database(
        alias, directory, create_sql=f'CREATE DATABASE "{alias}" TEMPLATE "{template_name}"'
    )
