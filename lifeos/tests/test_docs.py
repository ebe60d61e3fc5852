"""README.md and docs/ stay true: configuration, cited paths, counts."""

import re
from pathlib import Path

from lifeos.schema.verification import expected_counts

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A repository path: relative, with a slash or a file extension of the project's files.
PATH = re.compile(r"[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*/?")
PATH_LIKE = re.compile(r".*/.*|.*\.(py|md|toml|html|png|json|cfg|txt|sh)$")


def configuration_table():
    """The variables of README's configuration table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", section, re.MULTILINE))


def settings_variables():
    """The environment variables lifeos/settings.py reads."""
    source = (ROOT / "lifeos" / "settings.py").read_text(encoding="utf-8")
    return set(
        re.findall(r"""os\.(?:environ\.get|getenv)\(\s*["']([A-Z0-9_]+)["']""", source)
        + re.findall(r"""os\.environ\[\s*["']([A-Z0-9_]+)["']\s*\]""", source)
    )


def cited_paths(text):
    """Repository paths cited in ``text``: inline code spans and relative links."""
    spans = re.findall(r"(?<!`)`([^`\n]+)`(?!`)", text)
    links = re.findall(r"\]\(([^)#\s]+)\)", text)
    found = set()
    for candidate in spans + links:
        if "://" in candidate or candidate.startswith(("/", ".venv", "~")):
            continue
        if PATH.fullmatch(candidate) and PATH_LIKE.fullmatch(candidate):
            found.add(candidate)
    return found


def exists_in_repository(path, document):
    """A path exists from the root or the citing document's folder; a bare file name
    (``operations.py`` in a list about ``lifeos/schema/``) anywhere in the repository."""
    if (ROOT / path).exists() or (document.parent / path).exists():
        return True
    if "/" in path:
        return False
    return any(".venv" not in found.relative_to(ROOT).parts for found in ROOT.rglob(path))


def test_every_environment_variable_of_settings_is_in_readmes_configuration_table():
    variables = settings_variables()

    assert {"DATABASE_URL", "LIFEOS_MIGRATION_LOCK_TIMEOUT"} <= variables
    assert variables <= configuration_table(), variables - configuration_table()


def test_every_repository_path_cited_in_readme_and_docs_exists():
    missing = []
    cited = 0
    for document in DOCUMENTS:
        for path in cited_paths(document.read_text(encoding="utf-8")):
            cited += 1
            if not exists_in_repository(path, document):
                missing.append(f"{document.relative_to(ROOT)}: {path}")

    assert cited > 20
    assert missing == []


def test_cited_paths_recognizes_paths_and_nothing_else():
    text = (
        "See `docs/api.md`, `lifeos/schema/`, `manage.py`, [chart](performance_sqlite.png), "
        "`shared/seeds/`; not `/usr/bin/chromium`, `sqlite:///db.sqlite3`, `--scale 0.01`, "
        "`<app>/models.py`, `.venv/bin/pytest` or `finance.account.created`."
    )

    assert cited_paths(text) == {
        "docs/api.md",
        "lifeos/schema/",
        "manage.py",
        "performance_sqlite.png",
        "shared/seeds/",
    }


def test_readme_and_verify_schema_doc_state_the_counts_verify_schema_reports():
    counts = expected_counts()
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    doc = " ".join((ROOT / "docs" / "verify_schema.md").read_text(encoding="utf-8").split())

    assert f"({counts['tables']} tables and {counts['indexes']} named indexes" in readme
    assert f"{counts['tables']} tables, {counts['indexes']} indexes, " in doc
