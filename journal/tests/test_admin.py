"""The journal admin: pages in bounded queries, mood and tag filters, legacy rows kept."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from journal.models import Entry
from journal.tests.builders import entry, legacy_entry
from lifeos.testing.admin import assert_admin_pages_render_in_bounded_queries
from lifeos.testing.builders import make_user


def test_every_journal_admin_page_renders_in_queries_that_do_not_grow(superuser_client):
    assert_admin_pages_render_in_bounded_queries(superuser_client, "journal")


CHANGELIST = "admin:journal_entry_changelist"


@pytest.fixture
def demo_client(client, demo_data):
    """The demo user (staff, not a superuser) logged into the admin, and the user."""
    demo = get_user_model().objects.get(email=demo_data.demo_users[0])
    client.force_login(demo)
    return client, demo


def test_tag_filter_offers_only_the_staff_users_own_tags(demo_client):
    client, demo = demo_client
    entry(make_user("bob"), "2025-01-01", "Bob's", mood=1, tags=["bobs-secret-tag"])
    entry(demo, "2025-01-02", "mine", mood=1, tags=["Only-Mine"])

    response = client.get(reverse(CHANGELIST))
    (tag_filter,) = [
        spec for spec in response.context_data["cl"].filter_specs if spec.title == "tag"
    ]
    offered = {value for value, _label in tag_filter.lookup_choices}

    assert "only-mine" in offered
    assert "bobs-secret-tag" not in offered
    assert b"bobs-secret-tag" not in response.content
    listed = client.get(reverse(CHANGELIST), {"tag": "ONLY-MINE"}).context_data["cl"].queryset
    assert [row.title for row in listed] == ["mine"]
    assert (
        not client.get(reverse(CHANGELIST), {"tag": "bobs-secret-tag"})
        .context_data["cl"]
        .queryset.exists()
    )


def test_mood_filter_reads_legacy_text_moods(demo_client):
    client, demo = demo_client
    Entry.objects.filter(user=demo).delete()
    legacy_entry(demo, "2025-01-01", "legacy three", mood="3")
    legacy_entry(demo, "2025-01-02", "legacy word", mood="happy")
    entry(demo, "2025-01-03", "new three", mood=3)

    three = client.get(reverse(CHANGELIST), {"mood": "3"}).context_data["cl"].queryset
    none = client.get(reverse(CHANGELIST), {"mood": "none"}).context_data["cl"].queryset

    assert sorted(row.title for row in three) == ["legacy three", "new three"]
    assert [row.title for row in none] == ["legacy word"]


def test_change_page_shows_the_weeks_average_mood(demo_client):
    client, demo = demo_client
    Entry.objects.filter(user=demo).delete()
    # ISO week 2025-W01: Monday 30 December 2024 to Sunday 5 January 2025.
    first = entry(demo, "2024-12-30", "a", mood=4)
    entry(demo, "2025-01-05", "b", mood=-1)
    entry(demo, "2025-01-02", "c", mood=None)

    response = client.get(reverse("admin:journal_entry_change", args=[first.pk]))

    assert "2025-W01: 1.50 over 2 of 3 entries" in response.content.decode()


def test_admin_edit_keeps_a_legacy_text_mood_and_checks_tags(demo_client):
    client, demo = demo_client
    legacy = legacy_entry(demo, "2025-01-01", "legacy", mood="happy", tags=["work"])
    url = reverse("admin:journal_entry_change", args=[legacy.pk])
    form = {
        "title": "legacy, renamed",
        "body": "",
        "mood_int": "",
        "tags": '["work", " Work ", "rest"]',
        "entry_date": "2025-01-01",
        "is_private": "on",
        "sentiment_score": "",
        "emotion_label": "",
    }

    saved = client.post(url, form)
    bad = client.post(url, {**form, "tags": '["' + "x" * 65 + '"]', "mood_int": "7"})

    assert saved.status_code == 302
    legacy.refresh_from_db()
    assert (legacy.title, legacy.mood, legacy.mood_int) == ("legacy, renamed", "happy", None)
    assert legacy.tags == ["work", "rest"]
    assert bad.status_code == 200
    assert set(bad.context_data["adminform"].form.errors) == {"tags", "mood_int"}
