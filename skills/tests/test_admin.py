"""Every skills admin page renders on demo data, in queries that do not grow with rows."""

from django.contrib.auth import get_user_model
from django.urls import reverse

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
