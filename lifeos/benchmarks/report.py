"""Targets, the terminal table, JSON and the chart of a benchmark run."""

import json
from dataclasses import dataclass

# The source document's promises, for the chart and the targets table.
SOURCE_PROMISES_MS = {
    "typeahead": 100.0,
    "trial_balance": 100.0,
    "trial_balance_as_of": 100.0,
    "trial_balance_period": 100.0,
    "habit_logs_30d": 50.0,
    "habit_logs_365d": 50.0,
}
SOURCE_MIGRATE_S = 30.0


@dataclass(frozen=True)
class Target:
    """One line of the issue's targets table."""

    what: str
    unit: str
    limits: dict  # vendor -> limit (None: no target on that backend)
    source: str
    measure: object  # figures -> measured value

    def evaluate(self, figures, vendor):
        limit = self.limits.get(vendor)
        measured = self.measure(figures)
        return {
            "what": self.what,
            "unit": self.unit,
            "target": limit,
            "measured": measured,
            "met": None if limit is None or measured is None else measured <= limit,
            "source_document": self.source,
        }


def _queries(figures, query, user=None):
    return [
        row
        for row in figures["queries"]
        if row["query"] == query and (user is None or row["user"] == user)
    ]


def _worst(rows, key):
    values = [key(row) for row in rows]
    return max(values) if values else None


def _p95(query, user=None):
    return lambda figures: _worst(_queries(figures, query, user), lambda r: r["ours"]["p95_ms"])


def _ratio(query, user):
    return lambda figures: _worst(
        _queries(figures, query, user), lambda r: r["ratio_ours_to_floor_p95"]
    )


def _peer_ratio(query, user):
    return lambda figures: _worst(
        [row for row in _queries(figures, query, user) if row["peer"] is not None],
        lambda r: r["ratio_ours_to_peer_p95"],
    )


def _trial_balances_peer_ratio(user):
    """The worst ours/peer p95 over every trial-balance read of ``user``."""

    def measure(figures):
        rows = [
            row
            for row in figures["queries"]
            if row["query"].startswith("trial_balance") and row["user"] == user
        ]
        return _worst(
            [row for row in rows if row["peer"] is not None],
            lambda r: r["ratio_ours_to_peer_p95"],
        )

    return measure


def _migrate(name):
    """A migration's median; None when the run did not time the migrations (``--only``)."""

    def measure(figures):
        migrate = figures.get("migrate")
        return None if migrate is None else migrate[name]["median_s"]

    return measure


def _legacy_adoption(figures):
    migrate = figures.get("migrate")
    return None if migrate is None else migrate["legacy_adoption"]["seconds"]


TARGETS = [
    Target(
        "typeahead p95, heavy user (worst prefix)",
        "ms",
        {"postgresql": 1.0, "sqlite": 0.6},
        "50-100 ms",
        _p95("typeahead", "heavy"),
    ),
    Target(
        "typeahead p95 / floor p95, heavy user (worst prefix)",
        "x",
        {"postgresql": 3.0},
        "—",
        _ratio("typeahead", "heavy"),
    ),
    Target(
        "typeahead p95, typical user (worst prefix)",
        "ms",
        {"postgresql": 1.0, "sqlite": 0.6},
        "50-100 ms",
        _p95("typeahead", "typical"),
    ),
    Target(
        "typeahead p95 / floor p95, typical user (worst prefix)",
        "x",
        {"postgresql": 3.0},
        "—",
        _ratio("typeahead", "typical"),
    ),
    Target(
        "trial balance p95, heavy user (100,000 lines at scale 1)",
        "ms",
        {"postgresql": 25.0, "sqlite": 15.0},
        "< 100 ms",
        _p95("trial_balance", "heavy"),
    ),
    Target(
        "trial balance as of a date p95, heavy user",
        "ms",
        {"postgresql": 25.0, "sqlite": 25.0},
        "< 100 ms",
        _p95("trial_balance_as_of", "heavy"),
    ),
    Target(
        "trial balance for a period p95, heavy user",
        "ms",
        {"postgresql": 25.0, "sqlite": 25.0},
        "< 100 ms",
        _p95("trial_balance_period", "heavy"),
    ),
    Target(
        "trial balances p95 / peer p95, typical user (worst of the four)",
        "x",
        {"postgresql": 1.0, "sqlite": 1.0},
        "—",
        _trial_balances_peer_ratio("typical"),
    ),
    Target(
        "habit logs p95, 30 days (worst user)",
        "ms",
        {"postgresql": 1.0, "sqlite": 1.0},
        "< 50 ms",
        _p95("habit_logs_30d"),
    ),
    Target(
        "habit logs p95, 365 days (worst user)",
        "ms",
        {"postgresql": 5.0, "sqlite": 5.0},
        "< 50 ms",
        _p95("habit_logs_365d"),
    ),
    Target(
        "migrate, empty database (median)",
        "s",
        {"postgresql": 2.0, "sqlite": 2.0},
        "< 30 s",
        _migrate("empty"),
    ),
    Target(
        "migrate, nothing to apply (median)",
        "s",
        {"postgresql": 0.6, "sqlite": 0.6},
        "—",
        _migrate("nothing_to_apply"),
    ),
    Target(
        "migrate, history forgotten (median)",
        "s",
        {"postgresql": 2.5, "sqlite": 2.5},
        "—",
        _migrate("history_forgotten"),
    ),
    Target(
        "legacy adoption, 1,000,000 accounts at scale 1, backfill included",
        "s",
        {"postgresql": 15.0, "sqlite": 10.0},
        "—",
        _legacy_adoption,
    ),
    Target(
        "forecast p95, 365 days, heavy user (500 schedule rows, 100 recurring)",
        "ms",
        {"postgresql": 10.0, "sqlite": 10.0},
        "—",
        _p95("forecast_365", "heavy"),
    ),
    Target(
        "receivable statement p95, heavy user (120 repayments)",
        "ms",
        {"postgresql": 2.0, "sqlite": 2.0},
        "—",
        _p95("receivable_statement", "heavy"),
    ),
    Target(
        "today view p95 (GET /api/today), heavy user",
        "ms",
        {"postgresql": 20.0, "sqlite": 20.0},
        "—",
        _p95("today", "heavy"),
    ),
]


def evaluate_targets(figures):
    vendor = figures["meta"]["backend"]
    return [target.evaluate(figures, vendor) for target in TARGETS]


def _table(headers, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*headers), line.format(*("-" * w for w in widths))]
    out += [line.format(*(str(x) for x in row)) for row in rows]
    return "\n".join(out)


def _ms(value):
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _version_ms(row, version, key="p95_ms"):
    """A version's figure, or — for a version the read does not have (no peer, no floor)."""
    return "—" if row.get(version) is None else _ms(row[version][key])


def _peer_ms(row):
    """The peer's p95, or — for a read the original application had no query for."""
    return _version_ms(row, "peer")


def _ratio_text(row, key, digits=2):
    ratio = row.get(key)
    return "—" if ratio is None else f"{ratio:.{digits}f}"


def _peer_ratio_text(row):
    return _ratio_text(row, "ratio_ours_to_peer_p95")


def _queries_text(row):
    count = row.get("ours_queries")
    return "—" if count is None else str(count)


def _same(row):
    """Whether every other version returned ours's result ("—": ours is the only version)."""
    versions = [row.get(f"same_result_as_{name}") for name in ("floor", "naive", "peer")]
    if all(same is None for same in versions):
        return "—"
    if row["same_result_as_floor"] is False or row["same_result_as_naive"] is False:
        return "NO"
    if row.get("same_result_as_peer") is False:
        return "yes; peer differs (expected)" if row.get("peer_differs_by_design") else "NO"
    return "yes"


def format_report(figures):
    """The run as plain-text tables."""
    meta = figures["meta"]
    parts = [
        f"Backend {meta['backend']} {meta['database_version']}, scale {meta['scale']:g}, "
        f"{meta['runs']} runs after {meta['warmup']} warm-up runs; "
        f"data set {'reused' if meta['dataset']['reused'] else 'generated'} "
        f"in {meta['dataset']['seconds']:.1f} s: {meta['dataset']['counts']}",
        "",
        "Queries (milliseconds; ratios on p95)",
    ]
    rows = [
        [
            row["query"],
            row["user"],
            row["parameter"],
            row["rows"],
            _ms(row["ours"]["p50_ms"]),
            _ms(row["ours"]["p95_ms"]),
            _ms(row["ours"]["p99_ms"]),
            _queries_text(row),
            _version_ms(row, "floor"),
            _version_ms(row, "naive"),
            _peer_ms(row),
            _ratio_text(row, "ratio_ours_to_floor_p95"),
            _ratio_text(row, "ratio_naive_to_ours_p95", 1),
            _peer_ratio_text(row),
            _same(row),
        ]
        for row in figures["queries"]
    ]
    parts.append(
        _table(
            [
                "query",
                "user",
                "prefix",
                "rows",
                "ours p50",
                "ours p95",
                "ours p99",
                "queries",
                "floor p95",
                "naive p95",
                "peer p95",
                "ours/floor",
                "naive/ours",
                "ours/peer",
                "same result",
            ],
            rows,
        )
    )
    migrate = figures["migrate"]
    parts += ["", "Migrations (seconds)"]
    if migrate is None:
        parts.append("(not timed in this run: --only without migrate)")
    else:
        rows = [
            [
                name,
                f"{migrate[name]['median_s']:.2f}",
                f"{migrate[name]['min_s']:.2f}",
                migrate[name]["runs"],
            ]
            for name in ("empty", "nothing_to_apply", "history_forgotten")
        ]
        legacy = migrate["legacy_adoption"]
        rows.append([f"legacy_adoption ({legacy['rows']} rows)", f"{legacy['seconds']:.2f}", "", 1])
        parts.append(_table(["migrate", "median", "min", "runs"], rows))
        parts.append(
            f"backfill: {legacy['backfill_rows']} rows in {legacy['backfill_seconds']:.2f} s = "
            f"{legacy['backfill_rows_per_second']:,.0f} rows/s"
        )
    parts += ["", "Targets"]
    rows = []
    for target in figures["targets"]:
        measured = target["measured"]
        shown = "—" if measured is None else f"{measured:.3f} {target['unit']}"
        limit = "—" if target["target"] is None else f"≤ {target['target']:g} {target['unit']}"
        verdict = {True: "met", False: "MISSED", None: ""}[target["met"]]
        rows.append([target["what"], limit, shown, verdict, target["source_document"]])
    parts.append(_table(["what", "target", "measured", "", "source document"], rows))
    if meta["scale"] != 1:
        parts.append(
            f"(scale {meta['scale']:g}: the targets are set for scale 1; these figures are "
            "for a smaller data set)"
        )
    return "\n".join(parts)


def write_json(figures, path):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(figures, handle, indent=2, ensure_ascii=False)
        handle.write("\n")


def _plot_parameter(parameter):
    """The prefix as the chart's fonts can draw it (CJK glyphs are often missing)."""
    if parameter.isascii():
        return f"'{parameter}'" if parameter else ""
    return f"{len(parameter)}-char non-ASCII"


def write_plot(figures, path):
    """A chart of p95 per query (ours, naive ORM, floor, source promise) and of migrate times."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    queries = figures["queries"]
    labels = [
        f"{row['query']}\n{row['user']} {_plot_parameter(row['parameter'])}" for row in queries
    ]
    figure, (left, right) = pyplot.subplots(
        1, 2, figsize=(16, 7), gridspec_kw={"width_ratios": [4, 1]}
    )
    positions = range(len(queries))
    width = 0.21
    series = [("floor", "raw driver (floor)", "#7f7f7f"), ("ours", "ours", "#1f77b4")]
    series.append(("naive", "naive ORM", "#d62728"))
    series.append(("peer", "original application (peer)", "#2ca02c"))
    for offset, (key, label, colour) in enumerate(series):
        left.bar(
            [p + (offset - 1.5) * width for p in positions],
            [row[key]["p95_ms"] if row.get(key) else float("nan") for row in queries],
            width,
            label=label,
            color=colour,
        )
    left.scatter(
        list(positions),
        [SOURCE_PROMISES_MS.get(row["query"], float("nan")) for row in queries],
        marker="_",
        s=400,
        color="black",
        label="source document's promise",
    )
    left.set_yscale("log")
    left.set_ylabel("p95, milliseconds (log scale)")
    left.set_xticks(list(positions))
    left.set_xticklabels(labels, rotation=90, fontsize=7)
    left.legend(loc="upper left", fontsize=8)
    meta = figures["meta"]
    left.set_title(f"Reads, {meta['backend']}, scale {meta['scale']:g}")

    migrate = figures["migrate"]
    if migrate is None:
        right.set_title("migrate (not timed: --only)")
        right.set_axis_off()
    else:
        names = ["empty", "nothing_to_apply", "history_forgotten", "legacy_adoption"]
        values = [migrate[name]["median_s"] for name in names[:3]]
        values.append(migrate["legacy_adoption"]["seconds"])
        right.bar(range(4), values, color="#1f77b4", label="ours")
        right.axhline(SOURCE_MIGRATE_S, color="black", linestyle="--", label="source: < 30 s")
        right.set_yscale("log")
        right.set_ylabel("seconds (log scale)")
        right.set_xticks(range(4))
        legacy_label = f"legacy\n{migrate['legacy_adoption']['rows']:,} rows"
        right.set_xticklabels(["empty", "nothing\nto apply", "history\nforgotten", legacy_label])
        right.legend(fontsize=8)
        right.set_title("migrate")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)


def _md_table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    return "\n".join(out)


def format_markdown(figures):
    """The run as Markdown tables, for docs/performance.md."""
    meta = figures["meta"]
    machine = meta["machine"]
    parts = [
        f"- backend: {meta['database_version']}; scale {meta['scale']:g}; "
        f"{meta['runs']} timed runs per read and version after {meta['warmup']} warm-up runs; "
        + (
            "migrate not timed (`--only` without `migrate`)"
            if figures["migrate"] is None
            else f"migrate timed on {meta['migrate_runs']} scratch databases (median)"
        ),
        f"- machine: {machine['cpus']} CPUs, {machine['memory_gb']} GB, {machine['platform']}, "
        f"Python {machine['python']}, Django {machine['django']}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in machine['load_average_at_start'] or [])}",
        f"- data set: {meta['dataset']['counts']} "
        f"({'reused' if meta['dataset']['reused'] else 'generated'} in "
        f"{meta['dataset']['seconds']:.0f} s); run {meta['started_at']} to {meta['finished_at']}",
        "",
    ]
    rows = []
    for row in figures["queries"]:
        parameter = f" `{row['parameter']}`" if row["parameter"] else ""
        rows.append(
            [
                f"{row['query']}{parameter}",
                row["user"],
                row["rows"],
                _ms(row["ours"]["p50_ms"]),
                _ms(row["ours"]["p95_ms"]),
                _ms(row["ours"]["p99_ms"]),
                _queries_text(row),
                _version_ms(row, "floor", "p50_ms"),
                _version_ms(row, "floor"),
                _version_ms(row, "naive", "p50_ms"),
                _version_ms(row, "naive"),
                _version_ms(row, "peer", "p50_ms"),
                _peer_ms(row),
                _ratio_text(row, "ratio_ours_to_floor_p95"),
                _ratio_text(row, "ratio_naive_to_ours_p95", 1),
                _peer_ratio_text(row),
                _same(row),
            ]
        )
    parts.append(
        _md_table(
            [
                "read",
                "user",
                "rows",
                "ours p50 ms",
                "ours p95 ms",
                "ours p99 ms",
                "queries",
                "floor p50 ms",
                "floor p95 ms",
                "naive p50 ms",
                "naive p95 ms",
                "peer p50 ms",
                "peer p95 ms",
                "ours/floor",
                "naive/ours",
                "ours/peer",
                "same result",
            ],
            rows,
        )
    )
    migrate = figures["migrate"]
    if migrate is None:
        parts.append("\n(migrate not timed in this run: `--only` without `migrate`.)\n")
    else:
        legacy = migrate["legacy_adoption"]
        rows = [
            [name, f"{migrate[name]['median_s']:.2f}", f"{migrate[name]['min_s']:.2f}"]
            for name in ("empty", "nothing_to_apply", "history_forgotten")
        ]
        rows.append([f"legacy adoption, {legacy['rows']:,} rows", f"{legacy['seconds']:.2f}", ""])
        parts += ["", _md_table(["migrate", "median s", "min s"], rows)]
        parts.append(
            f"\nBackfill inside the legacy adoption: {legacy['backfill_rows']:,} rows in "
            f"{legacy['backfill_seconds']:.2f} s = "
            f"{legacy['backfill_rows_per_second']:,.0f} rows/s "
            f"({legacy['non_ascii_share']:.0%} of names non-ASCII).\n"
        )
    rows = []
    for target in figures["targets"]:
        measured = target["measured"]
        limit = "—" if target["target"] is None else f"≤ {target['target']:g} {target['unit']}"
        rows.append(
            [
                target["what"],
                limit,
                "—" if measured is None else f"{measured:.3f} {target['unit']}",
                {True: "met", False: "**missed**", None: "—"}[target["met"]],
                target["source_document"],
            ]
        )
    parts.append(_md_table(["target", "limit", "measured", "", "source document"], rows))
    return "\n".join(parts)
