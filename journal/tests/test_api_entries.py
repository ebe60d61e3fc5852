"""The diary entries over HTTP: CRUD, filters, keyset pages, cross-user access and bad input."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from journal import selectors
from journal.models import Entry
from journal.tests.builders import entry, legacy_entry

ENTRIES = "/journal/entries"


def titles(response):
    return [row["title"] for row in response.json()["results"]]


# Create, read, update, delete -------------------------------------------------------


def test_entry_round_trip(api, user):
    created = api.send(
        "post",
        ENTRIES,
        {
            "entry_date": "2025-01-03",
            "title": "  Beach day ",
            "body": "Sun and sea.",
            "mood_int": 4,
            "tags": ["Travel", " rest  day ", "travel"],
            "emotion_label": "joyful",
        },
    )
    entry_id = created.json()["id"]
    stored = Entry.objects.get(pk=entry_id)

    assert created.status_code == 201
    body = created.json()
    assert {key: body[key] for key in body if key not in ("created_at", "updated_at")} == {
        "id": entry_id,
        "entry_date": "2025-01-03",
        "title": "Beach day",
        "body": "Sun and sea.",
        "content": None,
        "mood": "4",
        "mood_int": 4,
        # Names trimmed, inner space collapsed, a repeat in another case dropped.
        "tags": ["Travel", "rest day"],
        "is_private": True,
        "emotion_label": "joyful",
        "sentiment_score": None,
    }
    assert stored.user == user
    assert (stored.mood, stored.mood_int, stored.tags) == ("4", 4, ["Travel", "rest day"])

    changed = api.send("patch", f"{ENTRIES}/{entry_id}", {"mood_int": -2, "tags": []})
    assert changed.status_code == 200
    assert (changed.json()["mood"], changed.json()["mood_int"], changed.json()["tags"]) == (
        "-2",
        -2,
        [],
    )
    assert changed.json()["title"] == "Beach day"
    assert api.get(f"{ENTRIES}/{entry_id}").json() == changed.json()

    assert api.send("delete", f"{ENTRIES}/{entry_id}").status_code == 204
    assert api.get(f"{ENTRIES}/{entry_id}").status_code == 404
    assert not Entry.objects.filter(pk=entry_id).exists()


def test_create_defaults_to_the_users_today_in_their_time_zone(api_for, db):
    from lifeos.testing.builders import make_user

    # 23:30 UTC on 31 December is already 1 January in Seoul.
    kim = make_user("kim", timezone="Asia/Seoul")
    now = datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)
    from unittest import mock

    with mock.patch.object(timezone, "now", return_value=now):
        response = api_for(kim).send("post", ENTRIES, {"title": "New year"})

    assert response.status_code == 201
    assert response.json()["entry_date"] == "2025-01-01"
    assert response.json()["body"] == ""
    assert response.json()["mood_int"] is None
    assert response.json()["tags"] == []


def test_patch_of_a_legacy_entry_keeps_its_text_mood(api, user):
    legacy = legacy_entry(user, "2024-05-01", "Old", mood="happy", content="Written in 2024.")

    response = api.send("patch", f"{ENTRIES}/{legacy.pk}", {"title": "Old day"})

    assert response.status_code == 200
    assert response.json()["mood"] == "happy"
    assert response.json()["mood_int"] is None
    assert response.json()["content"] == "Written in 2024."
    assert Entry.objects.get(pk=legacy.pk).mood == "happy"


def test_legacy_rows_read_correctly(api, user):
    legacy_entry(user, "2024-05-01", "integer text", mood=" +03 ", tags=["work"])
    legacy_entry(user, "2024-05-02", "word", mood="happy", tags={"not": "a list"})
    legacy_entry(user, "2024-05-03", "out of range", mood="9")
    legacy_entry(user, "2024-05-04", "no mood")

    rows = {row["title"]: row for row in api.get(ENTRIES).json()["results"]}

    assert {title: (row["mood"], row["mood_int"], row["tags"]) for title, row in rows.items()} == {
        "integer text": (" +03 ", 3, ["work"]),
        "word": ("happy", None, []),
        "out of range": ("9", None, []),
        "no mood": (None, None, []),
    }
    # The mood filter sees the legacy integer text mood too.
    assert titles(api.get(ENTRIES, {"mood": "3"})) == ["integer text"]


def test_sentiment_score_is_a_two_place_decimal_string(api, user):
    entry(user, "2025-01-01", "scored", mood=2, sentiment_score=Decimal("0.4"))

    assert api.get(ENTRIES).json()["results"][0]["sentiment_score"] == "0.40"


# Filters -----------------------------------------------------------------------------


@pytest.fixture
def diary(user):
    """Five entries of ada's (newest first: E, D, C, B, A)."""
    return {
        "A": entry(user, "2025-01-01", "A", mood=1, tags=["work"], body="Quarterly report"),
        "B": entry(user, "2025-01-02", "B", mood=-2, tags=["Family", "rest"], body="Été au lac"),
        "C": entry(user, "2025-01-02", "C", mood=1, tags=["work", "family"], body="50% done_"),
        "D": entry(user, "2025-01-05", "D Report", mood=None, tags=[], body="nothing"),
        "E": entry(user, "2025-01-09", "E", mood=4, tags=["rest"], body="ÉTÉ!"),
    }


def test_list_is_newest_first_by_date_then_id(api, diary):
    assert titles(api.get(ENTRIES)) == ["E", "D Report", "C", "B", "A"]
    assert api.get(ENTRIES).json()["next_cursor"] is None


def test_filter_by_dates_is_inclusive(api, diary):
    assert titles(api.get(ENTRIES, {"from": "2025-01-02", "to": "2025-01-05"})) == [
        "D Report",
        "C",
        "B",
    ]
    assert titles(api.get(ENTRIES, {"from": "2025-01-06"})) == ["E"]
    assert titles(api.get(ENTRIES, {"to": "2025-01-01"})) == ["A"]


def test_filter_by_mood(api, diary):
    assert titles(api.get(ENTRIES, {"mood": "1"})) == ["C", "A"]
    assert titles(api.get(ENTRIES, {"mood": "-2"})) == ["B"]
    assert titles(api.get(ENTRIES, {"mood": "5"})) == []


def test_filter_by_tag_ignores_case(api, diary):
    assert titles(api.get(ENTRIES, {"tag": "work"})) == ["C", "A"]
    assert titles(api.get(ENTRIES, {"tag": "FAMILY"})) == ["C", "B"]
    assert titles(api.get(ENTRIES, {"tag": " rest "})) == ["E", "B"]
    # A tag is a whole name, not a substring.
    assert titles(api.get(ENTRIES, {"tag": "wor"})) == []


def test_filter_by_text_in_title_body_or_legacy_content_in_any_case(api, user, diary):
    legacy_entry(user, "2024-12-31", "old", content="An old REPORT")

    assert titles(api.get(ENTRIES, {"q": "report"})) == ["D Report", "A", "old"]
    # Non-ASCII text folds on both backends (SQLite's own LOWER would not).
    assert titles(api.get(ENTRIES, {"q": "été"})) == ["E", "B"]
    assert titles(api.get(ENTRIES, {"q": "ÉTÉ"})) == ["E", "B"]
    # LIKE's wildcards are searched literally.
    assert titles(api.get(ENTRIES, {"q": "%"})) == ["C"]
    assert titles(api.get(ENTRIES, {"q": "e_"})) == ["C"]


def test_filters_combine(api, diary):
    assert titles(api.get(ENTRIES, {"tag": "work", "mood": "1", "from": "2025-01-02"})) == ["C"]
    assert titles(api.get(ENTRIES, {"tag": "rest", "q": "été", "to": "2025-01-08"})) == ["B"]


# Keyset pages ---------------------------------------------------------------------------


def test_pages_follow_the_cursor(api, diary):
    first = api.get(ENTRIES, {"limit": "2"}).json()
    second = api.get(ENTRIES, {"limit": "2", "cursor": first["next_cursor"]}).json()
    third = api.get(ENTRIES, {"limit": "2", "cursor": second["next_cursor"]}).json()

    assert [row["title"] for row in first["results"]] == ["E", "D Report"]
    assert [row["title"] for row in second["results"]] == ["C", "B"]
    assert [row["title"] for row in third["results"]] == ["A"]
    assert third["next_cursor"] is None


def test_pages_are_stable_when_entries_are_written_between_them(api, user, diary):
    first = api.get(ENTRIES, {"limit": "3"}).json()
    assert [row["title"] for row in first["results"]] == ["E", "D Report", "C"]
    # Written between pages: one newer than the whole list, one on the page boundary's date
    # (2025-01-02, as C, with a larger id: it sorts just before C, on the page already
    # read; an offset would now show C again) and one older than every row.
    entry(user, "2025-02-01", "new newest")
    entry(user, "2025-01-02", "new same day")
    entry(user, "2024-12-31", "new older")
    rest = []
    cursor = first["next_cursor"]
    while cursor:
        page = api.get(ENTRIES, {"limit": "1", "cursor": cursor}).json()
        rest += [row["title"] for row in page["results"]]
        cursor = page["next_cursor"]
    seen = [row["title"] for row in first["results"]] + rest

    # Every row that existed is seen exactly once and in order: no repeat, no gap.
    existing = ["E", "D Report", "C", "B", "A"]
    assert [title for title in seen if title in existing] == existing
    assert len(seen) == len(set(seen))
    assert rest == ["B", "A", "new older"]


def test_limit_defaults_to_20_and_caps_at_100(api, user):
    Entry.objects.bulk_create(
        [Entry(user=user, entry_date=datetime.date(2025, 1, 1), title=str(n)) for n in range(101)]
    )

    assert len(api.get(ENTRIES).json()["results"]) == 20
    full = api.get(ENTRIES, {"limit": "100"}).json()
    assert len(full["results"]) == 100
    assert full["next_cursor"] is not None
    assert api.get(ENTRIES, {"limit": "101"}).status_code == 400


@pytest.mark.parametrize("limit", ["0", "-1", "ten", "2.5", "101", "\uff11\uff10"])
def test_bad_limit_is_400_naming_limit(api, diary, limit):
    response = api.get(ENTRIES, {"limit": limit})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"limit"}


def test_tampered_cursor_is_400_naming_cursor(api, diary):
    cursor = api.get(ENTRIES, {"limit": "2"}).json()["next_cursor"]
    _encoded, signature = cursor.rsplit(":", 1)
    # Re-encoded with another position but the old signature.
    forged = selectors.encode_cursor(datetime.date(2030, 1, 1), 999).rsplit(":", 1)[0]

    for bad in [cursor[:-1] + ("A" if cursor[-1] != "A" else "B"), f"{forged}:{signature}", "x"]:
        response = api.get(ENTRIES, {"limit": "2", "cursor": bad})
        assert response.status_code == 400, bad
        assert set(response.json()["errors"]) == {"cursor"}


def test_bad_filters_are_400_naming_each_field(api, diary):
    response = api.get(
        ENTRIES, {"from": "2025-02-30", "to": "10000-01-01", "mood": "6", "tag": "x" * 201}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"from", "to", "mood", "tag"}
    for params, field in [
        ({"mood": "happy"}, "mood"),
        ({"mood": "1.5"}, "mood"),
        ({"from": "2025-01-09", "to": "2025-01-01"}, "to"),
        ({"to": "0000-12-31"}, "to"),
        ({"q": "x" * 201}, "q"),
    ]:
        response = api.get(ENTRIES, params)
        assert response.status_code == 400, params
        assert set(response.json()["errors"]) == {field}, params


def test_list_takes_one_query(api, diary, django_assert_max_num_queries):
    api.get("/api/me")
    cursor = api.get(ENTRIES, {"limit": "2"}).json()["next_cursor"]
    # Session and user lookups, then the one query of the page.
    with django_assert_max_num_queries(3):
        response = api.get(
            ENTRIES, {"limit": "2", "cursor": cursor, "tag": "family", "q": "DONE", "mood": "1"}
        )
    assert titles(response) == ["C"]


# Bad input on writes ------------------------------------------------------------------


def test_create_bad_input_is_400_naming_each_field_and_writes_nothing(api):
    response = api.send(
        "post",
        ENTRIES,
        {
            "entry_date": "2025-13-01",
            "title": "x" * 256,
            "body": 5,
            "mood_int": 6,
            "tags": ["ok", ""],
            "is_private": "yes",
            "emotion_label": "x" * 65,
        },
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "entry_date",
        "title",
        "body",
        "mood_int",
        "tags",
        "is_private",
        "emotion_label",
    }
    assert Entry.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mood_int": True}, "mood_int"),
        ({"mood_int": "3"}, "mood_int"),
        ({"mood_int": 2.5}, "mood_int"),
        ({"tags": "work"}, "tags"),
        ({"tags": [1]}, "tags"),
        ({"tags": ["x" * 65]}, "tags"),
        ({"tags": [f"t{n}" for n in range(21)]}, "tags"),
        ({"entry_date": "2025-01-01T10:00:00"}, "entry_date"),
        ({"entry_date": "0000-01-01"}, "entry_date"),
        ({"entry_date": None}, "entry_date"),
        ({"is_private": None}, "is_private"),
    ],
)
def test_patch_bad_input_is_400_naming_the_field_and_changes_nothing(api, user, body, field):
    kept = entry(user, "2025-01-01", "kept", mood=1, tags=["work"])

    response = api.send("patch", f"{ENTRIES}/{kept.pk}", body)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {field}
    kept.refresh_from_db()
    assert (kept.entry_date, kept.mood_int, kept.tags, kept.is_private) == (
        datetime.date(2025, 1, 1),
        1,
        ["work"],
        True,
    )


# Another user's data ------------------------------------------------------------------


def test_another_users_entries_are_404_and_never_listed(api, other_user, api_for):
    theirs = entry(other_user, "2025-01-01", "Bob's secret", mood=3, tags=["work"])
    url = f"{ENTRIES}/{theirs.pk}"

    assert api.get(url).status_code == 404
    assert api.send("patch", url, {"title": "mine"}).status_code == 404
    assert api.send("delete", url).status_code == 404
    assert api.get(f"{ENTRIES}/{2**40}").status_code == 404
    assert api.get(ENTRIES).json() == {"results": [], "next_cursor": None}
    assert api.get(ENTRIES, {"tag": "work"}).json()["results"] == []
    theirs.refresh_from_db()
    assert theirs.title == "Bob's secret"
    # Bob's cursor is only a position: used by ada it shows nothing of Bob's.
    entry(other_user, "2024-12-01", "Bob's older")
    bobs_cursor = api_for(other_user).get(ENTRIES, {"limit": "1"}).json()["next_cursor"]
    assert api.get(ENTRIES, {"cursor": bobs_cursor}).json()["results"] == []
