"""People and interactions over HTTP: round trips, last_contacted, bad input, other users."""

import datetime

import pytest
from django.db import connection

from relationships.models import Interaction, Person
from relationships.tests.conftest import person

PEOPLE = "/relationships/people"


def test_person_round_trip(api):
    created = api.send(
        "post",
        PEOPLE,
        {
            "name": "  Mia Lindqvist ",
            "relationship_type": "friend",
            "importance_level": 4,
            "tags": ["friends", " climbing ", "friends"],
            "notes": "",
            "birthday": "1990-01-30",
            "email": "mia@example.com",
        },
    )
    person_id = created.json()["id"]
    changed = api.send("patch", f"{PEOPLE}/{person_id}", {"importance_level": 5, "phone": "+44"})

    assert created.status_code == 201
    body = created.json()
    assert {key: body[key] for key in body if key not in ("created_at", "updated_at")} == {
        "id": person_id,
        "name": "Mia Lindqvist",
        "relationship_type": "friend",
        "importance_level": 4,
        "tags": ["friends", "climbing"],
        "notes": None,
        "birthday": "1990-01-30",
        "first_met_date": None,
        "email": "mia@example.com",
        "phone": "",
        "last_contacted": None,
    }
    assert (changed.json()["importance_level"], changed.json()["phone"]) == (5, "+44")
    assert changed.json()["name"] == "Mia Lindqvist"
    assert api.get(PEOPLE).json() == [changed.json()]
    assert api.send("delete", f"{PEOPLE}/{person_id}").status_code == 204
    assert api.get(f"{PEOPLE}/{person_id}").status_code == 404


def test_last_contacted_is_the_latest_interaction_date(api, user):
    mum = person(user, "Mum", contacts=["2025-01-03", "2025-02-11", "2024-12-24"])
    person(user, "Dad")

    listed = {row["name"]: row["last_contacted"] for row in api.get(PEOPLE).json()}

    assert listed == {"Dad": None, "Mum": "2025-02-11"}
    assert api.get(f"{PEOPLE}/{mum.pk}").json()["last_contacted"] == "2025-02-11"


def test_an_interaction_defaults_to_the_users_local_today(api, user, freeze):
    # 16:00 UTC on 9 March is 01:00 on 10 March in Seoul, the user's zone.
    freeze("2025-03-09T16:00:00+00:00")
    mum = person(user, "Mum")

    created = api.send(
        "post", f"{PEOPLE}/{mum.pk}/interactions", {"method": "call", "notes": "Sunday call"}
    )

    assert created.status_code == 201
    body = created.json()
    assert {key: body[key] for key in body if key != "created_at"} == {
        "id": body["id"],
        "person_id": mum.pk,
        "date": "2025-03-10",
        "method": "call",
        "notes": "Sunday call",
        "sentiment": None,
    }
    assert api.get(f"{PEOPLE}/{mum.pk}").json()["last_contacted"] == "2025-03-10"
    assert api.get(f"{PEOPLE}/{mum.pk}/interactions").json() == [body]
    # Tomorrow in Seoul has not happened yet.
    refused = api.send("post", f"{PEOPLE}/{mum.pk}/interactions", {"date": "2025-03-11"})
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["date"]


def test_person_bad_input_is_400_naming_each_field_and_writes_nothing(api):
    response = api.send(
        "post",
        PEOPLE,
        {
            "name": "   ",
            "importance_level": 6,
            "tags": "friends",
            "birthday": "2024-02-30",
            "first_met_date": "9999-12-31",
            "email": "not an address",
            "relationship_type": "x" * 65,
        },
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "name",
        "importance_level",
        "tags",
        "birthday",
        "first_met_date",
        "email",
        "relationship_type",
    }
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"name": 5},
        {"name": "Ok", "importance_level": "high"},
        {"name": "Ok", "importance_level": True},
        {"name": "Ok", "tags": [""]},
        {"name": "Ok", "birthday": "2025-03-09T10:00:00"},
        {"name": "Ok", "notes": "x" * 10_001},
    ],
)
def test_person_bad_values_name_their_field(api, body):
    response = api.send("post", PEOPLE, body)

    assert response.status_code == 400
    (field,) = response.json()["errors"]
    assert field in body
    assert Person.objects.count() == 0


def test_a_second_person_with_the_same_name_is_refused(api, user):
    mum = person(user, "Mum")
    dad = person(user, "Dad")

    created = api.send("post", PEOPLE, {"name": "Mum"})
    renamed = api.send("patch", f"{PEOPLE}/{dad.pk}", {"name": "Mum"})
    kept = api.send("patch", f"{PEOPLE}/{mum.pk}", {"name": "Mum", "importance_level": 5})

    assert (created.status_code, list(created.json()["errors"])) == (400, ["name"])
    assert (renamed.status_code, list(renamed.json()["errors"])) == (400, ["name"])
    assert kept.status_code == 200
    assert sorted(Person.objects.values_list("name", flat=True)) == ["Dad", "Mum"]


def test_patch_cannot_clear_the_name(api, user):
    mum = person(user, "Mum")

    response = api.send("patch", f"{PEOPLE}/{mum.pk}", {"name": None, "importance_level": 5})

    assert (response.status_code, list(response.json()["errors"])) == (400, ["name"])
    mum.refresh_from_db()
    assert (mum.name, mum.importance_level) == ("Mum", None)


def test_interaction_bad_input_is_400_naming_each_field_and_writes_nothing(api, user):
    mum = person(user, "Mum")

    response = api.send(
        "post",
        f"{PEOPLE}/{mum.pk}/interactions",
        {"date": "2025-13-01", "method": "m" * 65, "sentiment": ["good"]},
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"date", "method", "sentiment"}
    assert Interaction.objects.count() == 0


def test_another_users_person_is_404_like_a_missing_one(api, other_user):
    theirs = person(other_user, "Their mum", contacts=["2025-01-01"])

    responses = [
        api.get(f"{PEOPLE}/{theirs.pk}"),
        api.send("patch", f"{PEOPLE}/{theirs.pk}", {"name": "Mine now"}),
        api.send("delete", f"{PEOPLE}/{theirs.pk}"),
        api.get(f"{PEOPLE}/{theirs.pk}/interactions"),
        api.send("post", f"{PEOPLE}/{theirs.pk}/interactions", {"method": "call"}),
        api.get(f"{PEOPLE}/{theirs.pk + 1000}"),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, {"error": "Not found."})] * 6
    theirs.refresh_from_db()
    assert theirs.name == "Their mum"
    assert Interaction.objects.count() == 1
    assert api.get(PEOPLE).json() == []


def test_the_same_name_as_another_users_person_is_fine(api, other_user):
    person(other_user, "Mum")

    assert api.send("post", PEOPLE, {"name": "Mum"}).status_code == 201


def test_deleting_a_person_deletes_their_interactions(api, user):
    mum = person(user, "Mum", contacts=["2025-01-01", "2025-01-02"])
    dad = person(user, "Dad", contacts=["2025-01-03"])

    assert api.send("delete", f"{PEOPLE}/{mum.pk}").status_code == 204

    assert list(Interaction.objects.values_list("person_id", flat=True)) == [dad.pk]


def test_a_legacy_row_reads_correctly(api, user):
    # As the original application wrote it: tags as a JSON string, an importance
    # outside 1..5, a relationship type outside the suggestions, no email or phone.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO relationships_person (user_id, name, relationship_type, importance_level,"
            " tags, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [user.pk, "Coach", "mentor", 9, '"climbing, running"', *["2024-01-01 10:00:00"] * 2],
        )
    coach = Person.objects.get(name="Coach")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO relationships_interaction (user_id, person_id, date, method, sentiment,"
            " created_at) VALUES (%s, %s, %s, %s, %s, %s)",
            [user.pk, coach.pk, "2024-06-01", "whatsapp", "great", "2024-06-01 10:00:00"],
        )

    body = api.get(f"{PEOPLE}/{coach.pk}").json()
    interactions = api.get(f"{PEOPLE}/{coach.pk}/interactions").json()

    assert {key: body[key] for key in body if key not in ("id", "updated_at")} == {
        "name": "Coach",
        "relationship_type": "mentor",
        "importance_level": 9,
        "tags": ["climbing", "running"],
        "notes": None,
        "birthday": None,
        "first_met_date": None,
        "email": "",
        "phone": "",
        "created_at": "2024-01-01T10:00:00Z",
        "last_contacted": "2024-06-01",
    }
    assert [(i["method"], i["sentiment"]) for i in interactions] == [("whatsapp", "great")]
    # Importance 9 is read as 5 (the closest): a weekly interval.
    reconnect = api.get("/relationships/reconnect").json()
    assert [(row["name"], row["interval_days"]) for row in reconnect] == [("Coach", 7)]


def test_people_list_takes_one_query(api, user, django_assert_max_num_queries):
    for number in range(20):
        person(user, f"Friend {number}", contacts=["2025-01-01", "2025-01-02"])

    # Session and user, then one query for the people with their last contact.
    with django_assert_max_num_queries(3):
        response = api.get(PEOPLE)

    assert len(response.json()) == 20
    assert response.json()[0]["last_contacted"] == "2025-01-02"


def test_dates_out_of_range_are_refused(api):
    response = api.send("post", PEOPLE, {"name": "Old", "birthday": "0000-01-01"})

    assert (response.status_code, list(response.json()["errors"])) == (400, ["birthday"])


def test_first_met_and_birthday_may_be_today(api, user, freeze):
    freeze("2025-03-09T16:00:00+00:00")  # 10 March in Seoul

    response = api.send(
        "post", PEOPLE, {"name": "Baby", "birthday": "2025-03-10", "first_met_date": "2025-03-10"}
    )

    assert response.status_code == 201
    assert response.json()["birthday"] == str(datetime.date(2025, 3, 10))
