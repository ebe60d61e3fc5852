"""``manage.py benchmark``: LifeOS's hot reads and migrations against the naive ORM and the floor.

- ``data``: the bulk-generated data set (COPY on PostgreSQL, executemany on SQLite);
- ``harness``: timing (warm-up, interleaved runs, percentiles);
- ``queries``: each measured read, as ours / the raw-driver floor / the naive ORM;
- ``migrations``: ``migrate`` on scratch databases, legacy adoption with its backfill;
- ``report``: targets, the terminal table, JSON and the chart;
- ``runner``: ties them together for the command.
"""
