"""Every skills admin page renders on demo data, in queries that do not grow with rows."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from lifeos.testing.admin import assert_admin_pages_render_in_bounded_queries
from lifeos.testing.builders import make_user
from skills.models import PracticeSession, Skill


def test_every_skills_admin_page_renders_in_queries_that_do_not_grow(superuser_client):
    assert_admin_pages_render_in_bounded_queries(superuser_client, "skills")


def _category_filter_values(client):
    response = client.get(reverse("admin:skills_practicesession_changelist"))
    assert response.status_code == 200
    cl = response.context_data["cl"]
    spec = next(spec for spec in cl.filter_specs if spec.field_path == "skill__category")
    return {choice["display"] for choice in spec.choices(cl)} - {"All"}


def test_staff_session_category_filter_offers_only_their_categories(client, demo_data):
    """Issue #11: the filter on skill__category listed every user's skill categories."""
    demo = get_user_model().objects.get(email=demo_data.demo_users[0])
    other = make_user("other")
    Skill.objects.create(user=other, name="Secret", category="Other's secret category")
    client.force_login(demo)

    values = _category_filter_values(client)

    assert values == set(
        PracticeSession.objects.filter(user=demo).values_list("skill__category", flat=True)
    )
    assert "Other's secret category" not in values


def test_superuser_session_category_filter_offers_every_category(superuser_client, demo_data):
    """Superusers see every user's rows: the filter keeps Django's choices, every category."""
    other = make_user("other")
    Skill.objects.create(user=other, name="Secret", category="Other's secret category")

    values = _category_filter_values(superuser_client)

    assert values == set(Skill.objects.values_list("category", flat=True))


def test_staff_session_and_metric_skill_filters_offer_only_their_skills(client, demo_data):
    demo = get_user_model().objects.get(email=demo_data.demo_users[0])
    Skill.objects.create(user=make_user("other"), name="Other's secret skill")
    client.force_login(demo)

    for model in ("practicesession", "metric"):
        response = client.get(reverse(f"admin:skills_{model}_changelist"))
        cl = response.context_data["cl"]
        spec = next(spec for spec in cl.filter_specs if spec.field_path == "skill")
        offered = {choice["display"] for choice in spec.choices(cl)} - {"All"}
        assert offered == set(Skill.objects.filter(user=demo).values_list("name", flat=True))


def test_sessions_filtered_by_skill(client, demo_data):
    demo = get_user_model().objects.get(email=demo_data.demo_users[0])
    piano = Skill.objects.get(user=demo, name="Piano")
    client.force_login(demo)

    response = client.get(
        reverse("admin:skills_practicesession_changelist"), {"skill__id__exact": piano.pk}
    )

    shown = {row.skill_id for row in response.context_data["cl"].result_list}
    assert shown == {piano.pk}


def test_skill_change_page_shows_totals_and_streak(client, db):
    owner = make_user("ada", timezone="UTC", is_staff=True)
    owner.user_permissions.set(Permission.objects.filter(content_type__app_label="skills"))
    piano = Skill.objects.create(user=owner, name="Piano")
    now = timezone.now()
    for days_ago, minutes in ((0, 30), (1, 45), (3, 15)):
        PracticeSession.objects.create(
            skill=piano,
            practiced_at=now - datetime.timedelta(days=days_ago),
            duration_minutes=minutes,
        )
    client.force_login(owner)

    response = client.get(reverse("admin:skills_skill_change", args=[piano.pk]))

    fields = {
        line.field["name"]: line.contents()
        for fieldset in response.context_data["adminform"]
        for row in fieldset
        for line in row
        if line.is_readonly
    }
    # 30 + 45 + 15 minutes in 3 sessions; today and yesterday in a row (the gap ends it).
    assert (fields["total_minutes"], fields["session_count"], fields["streak_days"]) == (
        "90",
        "3",
        "2",
    )


def test_session_admin_form_applies_the_services_rules(superuser_client, demo_data):
    piano = Skill.objects.filter(name="Piano").first()
    before = PracticeSession.objects.count()

    response = superuser_client.post(
        reverse("admin:skills_practicesession_add"),
        {
            "skill": piano.pk,
            "user": piano.user_id,
            "practiced_at_0": "2025-03-01",
            "practiced_at_1": "10:00:00",
            "duration_minutes": 2000,
            "intensity": 11,
        },
    )

    assert response.status_code == 200
    errors = response.context_data["adminform"].form.errors
    assert set(errors) >= {"duration_minutes", "intensity"}
    assert PracticeSession.objects.count() == before
