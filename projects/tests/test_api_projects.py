"""The projects endpoints over HTTP: progress, overdue counts, tasks, logs (figures by hand)."""

import datetime

import pytest

from projects.models import Project, Task, TaskLog
from projects.selectors import today_view
from projects.tests.conftest import NOW, json_client, make_project, make_task, orphan

PROJECTS = "/projects"


def test_project_round_trip(api, frozen):
    created = api.send(
        "post",
        PROJECTS,
        {"name": "  Garden shed ", "description": "Wooden.", "target_date": "2026-03-01"},
    )
    project_id = created.json()["id"]
    changed = api.send("patch", f"{PROJECTS}/{project_id}", {"status": "completed"})

    assert created.status_code == 201
    assert created.json() == {
        "id": project_id,
        "name": "Garden shed",
        "description": "Wooden.",
        "status": "active",
        "target_date": "2026-03-01",
        "created_at": created.json()["created_at"],
        "updated_at": created.json()["updated_at"],
        "progress": {"done": 0, "total": 0, "percent": None},
        "overdue_tasks": 0,
    }
    assert changed.status_code == 200
    assert changed.json()["status"] == "completed"
    assert changed.json()["name"] == "Garden shed"
    assert api.get(PROJECTS).json() == [changed.json()]
    assert api.send("delete", f"{PROJECTS}/{project_id}").status_code == 204
    assert api.get(f"{PROJECTS}/{project_id}").status_code == 404


def test_progress_leaves_cancelled_tasks_out_of_done_and_total(api, user, frozen):
    # Kitchen: 2 completed, 1 archived (cancelled), open, in progress, blocked:
    # done 2 of 5 (the archived one is not counted) = 40.0 %.
    kitchen = make_project(user, "Kitchen")
    for status in ("completed", "completed", "archived", "open", "in_progress", "blocked"):
        make_task(kitchen, status=status)
    # Shed: 1 completed of 3 = 33.333... → 33.3 %.
    shed = make_project(user, "Shed")
    for status in ("completed", "open", "open"):
        make_task(shed, status=status)
    # Trip: only a cancelled task: 0 of 0, no percent. Void: no task at all.
    trip = make_project(user, "Trip")
    make_task(trip, status="archived")
    make_project(user, "Void")

    body = api.get(PROJECTS).json()

    assert [(p["name"], p["progress"]) for p in body] == [
        ("Kitchen", {"done": 2, "total": 5, "percent": 40.0}),
        ("Shed", {"done": 1, "total": 3, "percent": 33.3}),
        ("Trip", {"done": 0, "total": 0, "percent": None}),
        ("Void", {"done": 0, "total": 0, "percent": None}),
    ]
    assert api.get(f"{PROJECTS}/{shed.pk}").json()["progress"] == body[1]["progress"]


def test_all_done_is_100_percent_and_legacy_statuses_count(api, user, frozen):
    # The original application's free text: "done" is done, "cancelled" is cancelled,
    # "waiting" (unknown) is pending.
    project = make_project(user)
    for status in ("done", "completed", "cancelled", "canceled"):
        make_task(project, status=status)
    other = make_project(user, "Waiting")
    make_task(other, status="done")
    make_task(other, status="waiting", due_date=datetime.date(2025, 12, 1))

    body = {p["name"]: p for p in api.get(PROJECTS).json()}

    assert body["Shed"]["progress"] == {"done": 2, "total": 2, "percent": 100.0}
    assert body["Waiting"]["progress"] == {"done": 1, "total": 2, "percent": 50.0}
    assert body["Waiting"]["overdue_tasks"] == 1


def test_overdue_counts_use_the_users_local_today(frozen, db):
    # At 12:00 UTC on 18 December it is 19 December 01:00 in Auckland and
    # 18 December 04:00 in Los Angeles.
    from lifeos.testing.builders import make_user

    counts = {}
    for zone in ("Pacific/Auckland", "America/Los_Angeles"):
        person = make_user(zone.split("/")[1].lower(), timezone=zone)
        project = make_project(person)
        make_task(project, "due 17th", due_date=datetime.date(2025, 12, 17))
        make_task(project, "due 18th", due_date=datetime.date(2025, 12, 18))
        make_task(project, "due 19th", due_date=datetime.date(2025, 12, 19))
        make_task(project, "done", due_date=datetime.date(2025, 12, 1), status="completed")
        make_task(project, "dropped", due_date=datetime.date(2025, 12, 1), status="archived")
        client = json_client(person)
        counts[zone] = (
            client.get(f"{PROJECTS}/{project.pk}").json()["overdue_tasks"],
            [t["overdue"] for t in client.get(f"{PROJECTS}/{project.pk}/tasks").json()],
            [(t["title"], t["overdue"]) for t in today_view(user=person)["tasks_due"]],
        )

    # Auckland: the 17th and 18th are overdue, the 19th is due today.
    assert counts["Pacific/Auckland"] == (
        2,
        [False, False, True, True, False],
        [("due 17th", True), ("due 18th", True), ("due 19th", False)],
    )
    # Los Angeles: only the 17th is overdue; the 18th is today, the 19th tomorrow.
    assert counts["America/Los_Angeles"] == (
        1,
        [False, False, True, False, False],
        [("due 17th", True), ("due 18th", False)],
    )


def test_project_list_takes_the_same_queries_for_one_or_many_projects(
    api, user, frozen, django_assert_max_num_queries
):
    for index in range(12):
        project = make_project(user, f"P{index:02}")
        make_task(project, status="completed")
        make_task(project, due_date=datetime.date(2025, 1, 1))

    # Session, user, projects, one aggregate of every project's tasks.
    with django_assert_max_num_queries(4):
        body = api.get(PROJECTS).json()

    assert len(body) == 12
    assert {p["overdue_tasks"] for p in body} == {1}
    assert {p["progress"]["percent"] for p in body} == {50.0}


def test_project_list_filters_by_status(api, user, frozen):
    make_project(user, "A", status="active")
    make_project(user, "B", status="archived")
    make_project(user, "C", status="completed")

    names = [p["name"] for p in api.get(PROJECTS, {"status": "archived,completed"}).json()]
    bad = api.get(PROJECTS, {"status": "paused"})

    assert names == ["B", "C"]
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["status"]


# Tasks ----------------------------------------------------------------------------


def test_task_create_and_list_in_due_then_priority_order(api, user, frozen):
    project = make_project(user)
    url = f"{PROJECTS}/{project.pk}/tasks"
    created = api.send(
        "post", url, {"title": "Buy kit", "due_date": "2025-12-20", "priority": 2, "notes": " "}
    )
    api.send("post", url, {"title": "Build base", "due_date": "2025-12-20", "priority": 1})
    api.send("post", url, {"title": "Someday"})
    api.send("post", url, {"title": "Measure", "due_date": "2025-12-10"})

    assert created.status_code == 201
    body = created.json()
    assert body == {
        "id": body["id"],
        "project_id": project.pk,
        "title": "Buy kit",
        "status": "open",
        "due_date": "2025-12-20",
        "priority": 2,
        "notes": None,
        "completed_at": None,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
        "overdue": False,
    }
    listed = api.get(url).json()
    assert [(t["title"], t["overdue"]) for t in listed] == [
        ("Measure", True),
        ("Build base", False),
        ("Buy kit", False),
        ("Someday", False),
    ]
    assert Task.objects.get(pk=body["id"]).user_id == user.pk


def test_task_list_filters_by_status_and_due_before(api, user, frozen):
    project = make_project(user)
    make_task(project, "a", status="open", due_date=datetime.date(2025, 12, 1))
    make_task(project, "b", status="blocked", due_date=datetime.date(2025, 12, 10))
    make_task(project, "c", status="completed", due_date=datetime.date(2025, 12, 5))
    make_task(project, "d", status="open", due_date=None)
    make_task(project, "e", status="open", due_date=datetime.date(2025, 12, 20))
    url = f"{PROJECTS}/{project.pk}/tasks"

    def titles(**params):
        return [t["title"] for t in api.get(url, params).json()]

    assert titles() == ["a", "c", "b", "e", "d"]
    assert titles(status="open") == ["a", "e", "d"]
    assert titles(status="open,blocked") == ["a", "b", "e", "d"]
    # Strictly before: the task due on the 10th is not due before the 10th.
    assert titles(due_before="2025-12-10") == ["a", "c"]
    assert titles(status="open", due_before="2025-12-31") == ["a", "e"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"due_before": "2025-02-30"}, "due_before"),
        ({"due_before": "10000-01-01"}, "due_before"),
        ({"due_before": "yesterday"}, "due_before"),
    ],
)
def test_task_list_bad_filter_is_400_naming_it(api, user, params, field):
    project = make_project(user)

    response = api.get(f"{PROJECTS}/{project.pk}/tasks", params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_completing_a_task_sets_its_completion_time_and_reopening_clears_it(
    api, user, frozen, monkeypatch
):
    from django.utils import timezone

    project = make_project(user)
    task = make_task(project, "Paint")
    url = f"{PROJECTS}/tasks/{task.pk}"

    done = api.send("patch", url, {"status": "completed"}).json()
    later = NOW + datetime.timedelta(hours=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    renamed = api.send("patch", url, {"title": "Paint the shed"}).json()
    again = api.send("patch", url, {"status": "completed"}).json()
    reopened = api.send("patch", url, {"status": "in_progress"}).json()

    assert done["completed_at"] == "2025-12-18T12:00:00Z"
    # Still done: the completion time stays the first one.
    assert renamed["completed_at"] == again["completed_at"] == "2025-12-18T12:00:00Z"
    assert reopened["completed_at"] is None
    assert reopened["status"] == "in_progress"
    assert api.send("patch", url, {"status": "completed"}).json()["completed_at"] == (
        "2025-12-18T17:00:00Z"
    )


def test_a_task_created_completed_has_its_completion_time(api, user, frozen):
    project = make_project(user)

    body = api.send(
        "post", f"{PROJECTS}/{project.pk}/tasks", {"title": "Done", "status": "completed"}
    ).json()

    assert body["completed_at"] == "2025-12-18T12:00:00Z"
    assert api.get(f"{PROJECTS}/{project.pk}").json()["progress"] == {
        "done": 1,
        "total": 1,
        "percent": 100.0,
    }


def test_task_can_move_to_another_of_the_users_projects(api, user, other_user, frozen):
    first, second = make_project(user, "A"), make_project(user, "B")
    theirs = make_project(other_user, "Theirs")
    task = make_task(first)
    url = f"{PROJECTS}/tasks/{task.pk}"

    moved = api.send("patch", url, {"project_id": second.pk})
    refused = api.send("patch", url, {"project_id": theirs.pk, "title": "x"})

    assert moved.json()["project_id"] == second.pk
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["project_id"]
    task.refresh_from_db()
    assert (task.project_id, task.title) == (second.pk, "Task")


def test_task_log_records_minutes_note_and_status(api, user, frozen):
    project = make_project(user)
    task = make_task(project, status="in_progress")

    response = api.send(
        "post", f"{PROJECTS}/tasks/{task.pk}/logs", {"minutes_spent": 45, "note": " Sanded. "}
    )

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "task_id": task.pk,
        "logged_at": "2025-12-18T12:00:00Z",
        "minutes_spent": 45,
        "note": "Sanded.",
        "status_snapshot": "in_progress",
    }
    log = TaskLog.objects.get()
    assert (log.user_id, log.minutes_spent) == (user.pk, 45)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"minutes_spent": -1}, "minutes_spent"),
        ({"minutes_spent": 1441}, "minutes_spent"),
        ({"minutes_spent": "ten"}, "minutes_spent"),
        ({"minutes_spent": 1.5}, "minutes_spent"),
        ({"minutes_spent": True}, "minutes_spent"),
        ({"note": 12}, "note"),
        ({"note": "x" * 10_001}, "note"),
        ({}, "minutes_spent"),
        ({"minutes_spent": 0, "note": "  "}, "minutes_spent"),
    ],
)
def test_task_log_bad_input_is_400_naming_the_field_and_writes_nothing(api, user, body, field):
    task = make_task(make_project(user))

    response = api.send("post", f"{PROJECTS}/tasks/{task.pk}/logs", body)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not TaskLog.objects.exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["name"]),
        ({"name": "   "}, ["name"]),
        ({"name": "x" * 256}, ["name"]),
        ({"name": "A", "status": "paused"}, ["status"]),
        ({"name": "A", "target_date": "2025-02-30"}, ["target_date"]),
        ({"name": "A", "target_date": "0000-01-01"}, ["target_date"]),
        ({"name": "A", "description": ["no"]}, ["description"]),
        ({"name": 5, "target_date": "soon"}, ["name", "target_date"]),
    ],
)
def test_project_bad_input_is_400_naming_each_field_and_writes_nothing(api, body, fields):
    response = api.send("post", PROJECTS, body)

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == fields
    assert not Project.objects.exists()


def test_project_patch_bad_input_changes_nothing(api, user):
    project = make_project(user, "Keep", status="active")

    responses = [
        api.send("patch", f"{PROJECTS}/{project.pk}", {"name": "New", "status": None}),
        api.send("patch", f"{PROJECTS}/{project.pk}", {"name": "", "status": "archived"}),
    ]

    assert [list(r.json()["errors"]) for r in responses] == [["status"], ["name"]]
    project.refresh_from_db()
    assert (project.name, project.status) == ("Keep", "active")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "t" * 256}, "title"),
        ({"title": "A", "status": "done"}, "status"),
        ({"title": "A", "due_date": "2025-13-01"}, "due_date"),
        ({"title": "A", "due_date": "2025-12-01T10:00"}, "due_date"),
        ({"title": "A", "priority": 0}, "priority"),
        ({"title": "A", "priority": 6}, "priority"),
        ({"title": "A", "priority": "high"}, "priority"),
        ({"title": "A", "notes": {"a": 1}}, "notes"),
    ],
)
def test_task_bad_input_is_400_naming_the_field_and_writes_nothing(api, user, body, field):
    project = make_project(user)

    created = api.send("post", f"{PROJECTS}/{project.pk}/tasks", body)

    assert created.status_code == 400
    assert list(created.json()["errors"]) == [field]
    assert not Task.objects.exists()


def test_task_patch_bad_input_changes_nothing(api, user):
    task = make_task(make_project(user), "Keep", priority=3)

    response = api.send(
        "patch", f"{PROJECTS}/tasks/{task.pk}", {"title": "New", "priority": 99, "status": "x"}
    )

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["priority", "status"]
    task.refresh_from_db()
    assert (task.title, task.priority, task.status) == ("Keep", 3, "open")


# Another user's rows --------------------------------------------------------------


def test_another_users_project_and_tasks_are_404_like_missing_ones(api, user, other_user):
    theirs = make_project(other_user, "Theirs")
    task = make_task(theirs, "Their task")
    legacy = make_task(theirs, "Their legacy task")
    orphan(legacy)
    missing = 2_147_483_000

    responses = [
        api.get(f"{PROJECTS}/{theirs.pk}"),
        api.send("patch", f"{PROJECTS}/{theirs.pk}", {"name": "Mine now"}),
        api.send("delete", f"{PROJECTS}/{theirs.pk}"),
        api.get(f"{PROJECTS}/{theirs.pk}/tasks"),
        api.send("post", f"{PROJECTS}/{theirs.pk}/tasks", {"title": "Sneaky"}),
        api.get(f"{PROJECTS}/tasks/{task.pk}"),
        api.send("patch", f"{PROJECTS}/tasks/{task.pk}", {"status": "completed"}),
        api.send("patch", f"{PROJECTS}/tasks/{legacy.pk}", {"status": "completed"}),
        api.send("post", f"{PROJECTS}/tasks/{task.pk}/logs", {"minutes_spent": 5}),
        api.send("post", f"{PROJECTS}/tasks/{legacy.pk}/logs", {"minutes_spent": 5}),
        api.get(f"{PROJECTS}/{missing}"),
        api.send("patch", f"{PROJECTS}/tasks/{missing}", {"status": "completed"}),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, {"error": "Not found."})] * 12
    assert api.get(PROJECTS).json() == []
    assert today_view(user=user) == {"tasks_due": []}
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
    assert set(Task.objects.values_list("status", flat=True)) == {"open"}
    assert Task.objects.count() == 2
    assert not TaskLog.objects.exists()


# Rows of the original application --------------------------------------------------


def test_legacy_tasks_and_logs_without_user_id_read_as_their_project_owners(
    api, user, frozen, django_assert_max_num_queries
):
    project = make_project(user)
    done = make_task(project, "Old done", status="completed")
    late = make_task(project, "Old late", due_date=datetime.date(2025, 12, 1), priority=1)
    log = TaskLog.objects.create(task=late, minutes_spent=30)
    orphan(done, late, log)
    assert Task.objects.filter(user_id=None).count() == 2

    detail = api.get(f"{PROJECTS}/{project.pk}").json()
    listed = api.get(f"{PROJECTS}/{project.pk}/tasks").json()
    due = today_view(user=user)
    patched = api.send("patch", f"{PROJECTS}/tasks/{late.pk}", {"priority": 2})
    logged = api.send("post", f"{PROJECTS}/tasks/{late.pk}/logs", {"minutes_spent": 15})

    assert detail["progress"] == {"done": 1, "total": 2, "percent": 50.0}
    assert detail["overdue_tasks"] == 1
    assert [t["title"] for t in listed] == ["Old late", "Old done"]
    assert [t["title"] for t in due["tasks_due"]] == ["Old late"]
    assert patched.status_code == 200
    assert logged.status_code == 201
    late.refresh_from_db()
    # Writing a legacy task gives it its project owner, as the trigger does for new rows.
    assert (late.priority, late.user_id) == (2, user.pk)
    assert TaskLog.objects.get(pk=logged.json()["id"]).user_id == user.pk


def test_deleting_a_project_deletes_its_tasks_and_logs_legacy_ones_included(api, user):
    project = make_project(user)
    task = make_task(project)
    log = TaskLog.objects.create(task=task, minutes_spent=10)
    orphan(task, log)

    assert api.send("delete", f"{PROJECTS}/{project.pk}").status_code == 204

    assert not Task.objects.exists()
    assert not TaskLog.objects.exists()


# The morning view -----------------------------------------------------------------


def test_today_view_lists_open_tasks_due_by_today_by_date_then_priority(
    user, other_user, frozen, django_assert_num_queries
):
    # Ada is in London: today is 18 December.
    shed = make_project(user, "Shed")
    trip = make_project(user, "Trip")
    make_task(shed, "today, low", due_date=datetime.date(2025, 12, 18), priority=3)
    make_task(trip, "today, none", due_date=datetime.date(2025, 12, 18))
    make_task(trip, "today, high", due_date=datetime.date(2025, 12, 18), priority=1)
    make_task(shed, "late", due_date=datetime.date(2025, 12, 2), status="blocked", priority=2)
    make_task(shed, "done late", due_date=datetime.date(2025, 12, 2), status="completed")
    make_task(shed, "dropped", due_date=datetime.date(2025, 12, 2), status="archived")
    make_task(shed, "tomorrow", due_date=datetime.date(2025, 12, 19))
    make_task(shed, "someday")
    make_task(make_project(other_user), "theirs", due_date=datetime.date(2025, 12, 1))

    with django_assert_num_queries(1):
        view = today_view(user=user, today=datetime.date(2025, 12, 18))

    late = Task.objects.get(title="late")
    assert view["tasks_due"][0] == {
        "id": late.pk,
        "project_id": shed.pk,
        "project_name": "Shed",
        "title": "late",
        "status": "blocked",
        "due_date": datetime.date(2025, 12, 2),
        "overdue": True,
    }
    assert [(t["title"], t["project_name"], t["overdue"]) for t in view["tasks_due"]] == [
        ("late", "Shed", True),
        ("today, high", "Trip", False),
        ("today, low", "Shed", False),
        ("today, none", "Trip", False),
    ]
    assert today_view(user=user) == view


def test_task_endpoints_take_bounded_queries(api, user, frozen, django_assert_max_num_queries):
    project = make_project(user)
    for index in range(10):
        task = make_task(project, f"t{index}", due_date=datetime.date(2025, 12, index + 1))
        TaskLog.objects.create(task=task, minutes_spent=5)

    with django_assert_max_num_queries(4):
        assert len(api.get(f"{PROJECTS}/{project.pk}/tasks").json()) == 10
    with django_assert_max_num_queries(3):
        api.get(f"{PROJECTS}/tasks/{task.pk}")
    with django_assert_max_num_queries(10):
        api.send("patch", f"{PROJECTS}/tasks/{task.pk}", {"status": "completed"})
