"""Arbitrary bodies and query strings never make the finance API fail or half-write."""

import datetime
import json
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finance.models import Account, AccountType, JournalEntry, JournalLine
from finance.tests.conftest import make_account
from lifeos.models import OnboardingMilestone

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text with every code point, lone surrogates (U+D800..U+DFFF) included.
any_text = st.text(st.characters(exclude_categories=()), max_size=300)
# Values that once made the API fail: out-of-range datetimes, numbers past
# Decimal's precision or any key's range, text longer once lower-cased, NFD.
nasty = st.sampled_from(
    [
        "0",
        "0.00",
        "-1",
        "1e9",
        "12.345",
        "NaN",
        "Infinity",
        "\uff11\uff12",
        "a\x00b",
        "a\ud800b",
        "1e26",
        "1e309",
        "-1e26",
        "1e-30",
        str(10**26),
        str(2**70),
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:00:00-05:00",
        "9999-12-31",
        "0001-01-01",
        "İ" * 200,
        "E\u0301pargne",
        "\u00c9pargne",
    ]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**26, 2**31, 2**63, 2**70, -(2**70)])
    | st.floats()
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.text(max_size=300)
    | any_text
    | nasty
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
account_types = st.sampled_from(AccountType.values) | st.text(max_size=20)
offsets = st.builds(
    datetime.timezone,
    st.timedeltas(
        min_value=-datetime.timedelta(hours=23, minutes=59),
        max_value=datetime.timedelta(hours=23, minutes=59),
    ).map(lambda delta: datetime.timedelta(minutes=delta // datetime.timedelta(minutes=1))),
)
posted_ats = (
    st.datetimes(timezones=offsets).map(datetime.datetime.isoformat)
    | st.datetimes().map(datetime.datetime.isoformat)
    | st.dates().map(datetime.date.isoformat)
)


def deep(depth):
    return "[" * depth + "]" * depth


# Raw bodies: JSON nested up to well past Python's recursion limit, and bytes.
raw_bodies = (
    st.integers(min_value=0, max_value=3000).map(lambda depth: deep(depth).encode())
    | st.integers(min_value=0, max_value=3000).map(
        lambda depth: ('{"name": ' + deep(depth) + ', "lines": ' + deep(depth) + "}").encode()
    )
    | st.binary(max_size=200)
)


def account_ids(known):
    return (
        st.sampled_from(known)
        | st.integers()
        | st.floats()
        | st.decimals(allow_nan=True, allow_infinity=True)
        | st.text(max_size=8)
        | json_values
    )


@pytest.fixture
def setup(db):
    from lifeos.testing.builders import make_user

    user = make_user("fuzz")
    other = make_user("other")
    mine = [make_account(user, "Cash").pk, make_account(user, "Salary", "income").pk]
    theirs = make_account(other, "Theirs").pk
    client = Client()
    client.force_login(user)
    return client, [*mine, theirs]


def counts():
    return (
        Account.objects.count(),
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        OnboardingMilestone.objects.count(),
    )


def assert_json_answer(response, before):
    """A JSON answer; a rejection names its problem and leaves every table as it was."""
    assert response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    payload = json.loads(response.content)
    if response.status_code >= 400:
        assert payload.get("error") or payload.get("errors"), payload
        assert counts() == before


def post_body(client, url, body):
    if isinstance(body, bytes):
        return client.post(url, body, content_type="application/json")
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


@FUZZ
@given(
    body=json_values
    | raw_bodies
    | st.fixed_dictionaries(
        {"name": json_values, "account_type": account_types | json_values},
        optional={"account_subtype": json_values},
    )
)
def test_inline_create_fuzz(setup, body):
    client, _ = setup
    before = counts()

    assert_json_answer(post_body(client, "/finance/accounts/inline", body), before)


@FUZZ
@given(data=st.data())
def test_journal_entry_create_fuzz(setup, data):
    client, known = setup
    line = st.fixed_dictionaries(
        {},
        optional={
            "account_id": account_ids(known),
            "account": account_ids(known),
            "debit": json_values,
            "credit": json_values,
            "memo": json_values,
        },
    )
    body = data.draw(
        json_values
        | raw_bodies
        | st.fixed_dictionaries(
            {"lines": st.lists(line, max_size=5) | json_values},
            optional={
                "posted_at": posted_ats | st.text(max_size=40) | json_values,
                "description": json_values,
                "reference": json_values,
            },
        )
    )
    before = counts()

    assert_json_answer(post_body(client, "/finance/journal-entries", body), before)


query_values = (
    st.text(max_size=60)
    | any_text
    | nasty
    | st.dates().map(datetime.date.isoformat)
    | st.integers().map(str)
)


@FUZZ
@given(
    endpoint=st.sampled_from(
        [
            "/finance/accounts/search",
            "/finance/trial-balance",
            "/finance/accounts/subtypes/asset",
            "/finance/accounts/{id}",
            "/finance/journal-entries/{id}",
        ]
    ),
    row_id=st.integers(min_value=0) | st.sampled_from([2**31 - 1, 2**31, 2**63, 2**70]),
    params=st.dictionaries(
        st.sampled_from(["q", "type", "limit", "as_of"]) | st.text(max_size=5),
        query_values,
        max_size=4,
    ),
    method=st.sampled_from(["get", "head"]),
)
def test_read_endpoints_fuzz(setup, endpoint, row_id, params, method):
    client, _ = setup
    before = counts()
    # A lone surrogate goes out as the bytes a careless client would send.
    query = urlencode(params, encoding="utf-8", errors="surrogatepass")
    url = f"{endpoint.format(id=row_id)}?{query}"

    response = getattr(client, method)(url)

    if method == "head":
        assert response.status_code < 500
        assert response.content == b""
        assert counts() == before
    else:
        assert_json_answer(response, before)


@FUZZ
@given(account_type=st.text(min_size=1, max_size=40).filter(lambda t: t not in (".", "..")))
def test_subtypes_fuzz(setup, account_type):
    client, _ = setup
    before = counts()

    response = client.get(f"/finance/accounts/subtypes/{quote(account_type, safe='')}")

    assert_json_answer(response, before)
    assert response.status_code in (200, 400, 404)


def test_unknown_path_under_finance_is_json_404(setup):
    client, _ = setup

    response = client.get("/finance/accounts/subtypes/asset/extra")

    assert response.status_code == 404
    assert json.loads(response.content) == {
        "error": "No endpoint at /finance/accounts/subtypes/asset/extra."
    }


def test_nul_character_in_query_or_body_is_400_and_writes_nothing(setup):
    client, _ = setup
    before = counts()

    search = client.get("/finance/accounts/search?q=ca%00sh")
    create = post_body(
        client, "/finance/accounts/inline", {"name": "Ca\x00sh", "account_type": "asset"}
    )

    nul = {"error": "Text may not contain the NUL character (\\u0000)."}
    assert (search.status_code, json.loads(search.content)) == (400, nul)
    assert (create.status_code, json.loads(create.content)) == (400, nul)
    assert counts() == before
