"""Test databases cannot collide between concurrent runs, or between xdist workers."""

import os
import re

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_test_database_is_named_per_run_and_per_worker(request):
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql":
        assert connection.is_in_memory_db(), name  # SQLite: private to the process
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    suffix = request.config.workerinput["testrunuid"][:8] if worker else r"[0-9a-f]{8}"

    assert re.fullmatch(rf"test_.+_{suffix}" + (f"_{worker}" if worker else ""), name), name


def test_scratch_databases_have_names_of_their_own(scratch_db, migrated_scratch_db):
    assert scratch_db != migrated_scratch_db
    assert re.fullmatch(r"scratch_[0-9a-f]{10}", scratch_db)
    assert re.fullmatch(r"scratch_[0-9a-f]{10}", migrated_scratch_db)
