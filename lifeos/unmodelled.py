"""A user's rows in the original application's tables that no model maps.

The original's roles, tokens, preferences, events, insights, outbox and old tag
and skills tables stay in an adopted database, with foreign keys to ``user``
(or to tables that have one) and no ON DELETE action. Deleting a user through
Django first deletes that user's rows there (they are the user's data), in
the same transaction; otherwise the database would refuse the delete.

The tables and their foreign keys are read from the live database, so every
such table is covered, whatever the original left.
"""

from django.apps import apps
from django.db import connections

MAX_DEPTH = 4


def _modelled_tables():
    return {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}


def owned_row_deletions(connection, user_table):
    """(table, WHERE clause with one %s per user id placeholder) in a safe deletion order.

    A row is the user's when a foreign key of it points at the user, at a row of
    a modelled table with that ``user_id``, or at a row of another unmodelled
    table that is the user's. Children come before their parents.
    """
    modelled = _modelled_tables()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = [
            t
            for t in connection.introspection.table_names(cursor)
            if t not in modelled and t != "django_migrations"
        ]
        relations = {t: connection.introspection.get_relations(cursor, t) for t in tables}

    def predicate(table, depth):
        clauses, params = [], 0
        for column, (ref_column, ref_table) in relations[table].items():
            if ref_table == user_table:
                clauses.append(f"{quote(column)} = %s")
                params += 1
            elif ref_table in modelled and any(
                f.column == "user_id" for f in modelled[ref_table]._meta.concrete_fields
            ):
                clauses.append(
                    f"{quote(column)} IN (SELECT {quote(ref_column)} FROM {quote(ref_table)} "
                    "WHERE user_id = %s)"
                )
                params += 1
            elif ref_table in relations and ref_table != table and depth < MAX_DEPTH:
                inner, inner_params = predicate(ref_table, depth + 1)
                if inner:
                    clauses.append(
                        f"{quote(column)} IN (SELECT {quote(ref_column)} FROM {quote(ref_table)} "
                        f"WHERE {inner})"
                    )
                    params += inner_params
        return " OR ".join(f"({c})" for c in clauses), params

    ordered, placed = [], set()
    while len(placed) < len(tables):
        progressed = False
        for table in tables:
            children = {t for t in tables if t != table and table in _targets(relations[t])}
            if table not in placed and children <= placed:
                ordered.append(table)
                placed.add(table)
                progressed = True
        if not progressed:  # a cycle: keep the rest in name order
            ordered += [t for t in tables if t not in placed]
            break
    deletions = []
    for table in ordered:
        where, params = predicate(table, 0)
        if where:
            deletions.append((table, where, params))
    return deletions


def _targets(relations):
    return {ref_table for _, ref_table in relations.values()}


def delete_unmodelled_rows(sender, instance, using, **kwargs):
    """pre_delete of the user model: delete the user's rows in unmodelled tables first."""
    connection = connections[using]
    quote = connection.ops.quote_name
    deletions = owned_row_deletions(connection, sender._meta.db_table)
    with connection.cursor() as cursor:
        for table, where, params in deletions:
            cursor.execute(f"DELETE FROM {quote(table)} WHERE {where}", [instance.pk] * params)
