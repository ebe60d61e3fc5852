"""Input that used to give a 500 is a 400 naming the problem, with nothing written (issue 11).

Also the protocol details of the JSON API: large bodies, HEAD, and NFC/NFD
spellings of one account name.
"""

import json
import unicodedata

import pytest

from finance.models import Account, JournalEntry, JournalLine
from finance.services import AccountExistsError, account_create
from finance.tests.conftest import make_account
from lifeos.models import OnboardingMilestone
from lifeos.testing.builders import make_user

INLINE = "/finance/accounts/inline"
ENTRIES = "/finance/journal-entries"
AMOUNT_TOO_LARGE = "is too large (below 10,000,000,000,000,000)."
DEPTH = "The body is nested too deeply (at most 32 levels of arrays and objects)."


@pytest.fixture
def api(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def cash(user):
    return make_account(user, "Cash")


@pytest.fixture
def salary(user):
    return make_account(user, "Salary", "income")


def counts():
    return (
        Account.objects.count(),
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        OnboardingMilestone.objects.count(),
    )


def post_raw(client, url, raw):
    return client.post(url, raw, content_type="application/json")


def entry_raw(cash, salary, *, debit='"10.00"', account_id=None, memo='""', description='""'):
    first = cash.pk if account_id is None else account_id
    return (
        f'{{"posted_at": "2025-12-18", "description": {description}, "lines": ['
        f'{{"account_id": {first}, "debit": {debit}, "memo": {memo}}}, '
        f'{{"account_id": {salary.pk}, "credit": "10.00"}}]}}'
    )


# Lone surrogates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "raw", "where"),
    [
        (INLINE, '{"name": "Ca\\ud800sh", "account_type": "asset"}', "name"),
        (INLINE, '{"name": "Cash", "account_type": "asset", "account_subtype": "\\udfff"}', None),
        (INLINE, '{"name": "Cash", "account_type": "asset", "\\ud800": 1}', "a key of the body"),
        (ENTRIES, "entry:description", "description"),
        (ENTRIES, "entry:memo", "lines[0].memo"),
    ],
)
def test_lone_surrogate_in_any_text_field_is_400_and_writes_nothing(
    api, cash, salary, url, raw, where
):
    if raw == "entry:description":
        raw = entry_raw(cash, salary, description='"Pay \\ud800day"')
    elif raw == "entry:memo":
        raw = entry_raw(cash, salary, memo='"\\ud800"')
    before = counts()

    response = post_raw(api, url, raw)

    assert response.status_code == 400
    code = "DFFF" if where is None else "D800"
    where = where or "account_subtype"
    assert response.json() == {
        "error": f"Text may not contain a lone surrogate (U+{code}): {where} has one."
    }
    assert counts() == before


# Deep nesting -----------------------------------------------------------------


@pytest.mark.parametrize("depth", [33, 990, 1000, 100_000])
def test_deeply_nested_json_is_400_and_writes_nothing(api, depth):
    before = counts()
    raw = '{"name": ' + "[" * depth + "]" * depth + ', "account_type": "asset"}'

    response = post_raw(api, INLINE, raw)

    assert response.status_code == 400
    assert response.json() == {"error": DEPTH}
    assert counts() == before


def test_nesting_within_the_limit_is_an_ordinary_validation_error(api):
    raw = '{"name": ' + "[" * 30 + "]" * 30 + ', "account_type": "asset"}'

    response = post_raw(api, INLINE, raw)

    assert response.status_code == 400
    assert response.json() == {"errors": {"name": ["Enter a name."]}}


# Amounts and account ids -----------------------------------------------------


@pytest.mark.parametrize(
    ("debit", "shown"),
    [('"1e26"', "1e26"), (str(10**26), str(10**26)), ("1e309", "1E+309"), ('"1e16"', "1e16")],
)
def test_huge_amount_is_400_naming_the_line_and_writes_nothing(api, cash, salary, debit, shown):
    before = counts()

    response = post_raw(api, ENTRIES, entry_raw(cash, salary, debit=debit))

    assert response.status_code == 400
    assert response.json() == {"error": f"Line 1: the debit {shown} {AMOUNT_TOO_LARGE}", "line": 1}
    assert counts() == before


@pytest.mark.parametrize(
    ("account_id", "shown"),
    [
        ("Infinity", "inf"),
        ("-Infinity", "-inf"),
        ("NaN", "nan"),
        (str(2**70), str(2**70)),
        (str(2**31), str(2**31)),
        ("1e309", "1E+309"),
        ("3.5", "3.5"),
        ("-1", "-1"),
        ('"1e3"', "'1e3'"),
    ],
)
def test_account_id_out_of_any_range_is_400_and_writes_nothing(
    api, cash, salary, account_id, shown
):
    before = counts()

    response = post_raw(api, ENTRIES, entry_raw(cash, salary, account_id=account_id))

    assert response.status_code == 400
    assert response.json() == {"error": f"Line 1: account {shown} does not exist.", "line": 1}
    assert counts() == before


def test_account_id_as_an_integral_number_or_digit_string_is_accepted(api, cash, salary):
    for account_id in (f"{cash.pk}.0", f'" {cash.pk} "'):
        response = post_raw(api, ENTRIES, entry_raw(cash, salary, account_id=account_id))
        assert response.status_code == 201, response.json()
    assert JournalLine.objects.filter(account=cash).count() == 2


@pytest.mark.parametrize("account_id", [2**70, 2**31])
def test_account_detail_with_an_id_past_the_key_range_is_404(api, account_id):
    response = api.get(f"/finance/accounts/{account_id}")

    assert response.status_code == 404
    assert response.json() == {"error": "Not found."}


# Names longer once lower-cased -----------------------------------------------

DOTTED = "İ" * 200  # U+0130; lower-cased each is "i" + U+0307, 400 characters in all
LONG_LOWER = "Use a shorter name: in lower case it has 400 characters, at most 255 fit."


def test_name_whose_lower_case_overflows_the_column_is_400_and_writes_nothing(api):
    before = counts()

    response = api.post(
        INLINE, {"name": DOTTED, "account_type": "asset"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"errors": {"name": [LONG_LOWER]}}
    assert counts() == before


def test_admin_add_form_rejects_a_name_whose_lower_case_overflows(client, db):
    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    before = counts()

    response = client.post(
        "/admin/finance/account/add/",
        {"user": admin.pk, "name": DOTTED, "account_type": "asset", "is_active": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name": [LONG_LOWER]}
    assert counts() == before


# Protocol: large bodies, HEAD ----------------------------------------------


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_body_over_the_upload_limit_is_a_json_400(api, content_type):
    before = counts()
    raw = '{"name": "' + "x" * 3_000_000 + '", "account_type": "asset"}'
    if content_type != "application/json":
        raw = "name=" + "x" * 3_000_000 + "&account_type=asset"

    response = api.post(INLINE, raw, content_type=content_type)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "The body is too large: send at most 2,621,440 bytes."}
    assert counts() == before


@pytest.mark.parametrize(
    "url",
    [
        "/finance/accounts/search?q=ca",
        "/finance/accounts/subtypes/asset",
        "/finance/trial-balance",
        "/finance/accounts/{cash}",
    ],
)
def test_head_on_a_get_endpoint_answers_like_get_without_the_body(api, cash, url):
    url = url.format(cash=cash.pk)

    get = api.get(url)
    head = api.head(url)

    assert (get.status_code, head.status_code) == (200, 200)
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"] == "application/json"
    assert int(head["Content-Length"]) == len(get.content) > 0


def test_head_on_a_missing_row_is_404_and_on_a_post_endpoint_is_405(api):
    missing = api.head("/finance/accounts/999999")
    post_only = api.head(INLINE)

    assert (missing.status_code, missing.content) == (404, b"")
    assert (post_only.status_code, post_only.content) == (405, b"")
    assert post_only["Allow"] == "POST"


def test_wrong_method_on_a_get_endpoint_lists_head_as_allowed(api):
    response = api.post("/finance/trial-balance", {}, content_type="application/json")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


# NFC and NFD spellings ---------------------------------------------------------

NFC_NAME = unicodedata.normalize("NFC", "Épargne")
NFD_NAME = unicodedata.normalize("NFD", "Épargne")


def test_nfc_and_nfd_spellings_are_one_account_name(api):
    first = api.post(
        INLINE, {"name": NFC_NAME, "account_type": "asset"}, content_type="application/json"
    )
    second = api.post(
        INLINE, {"name": NFD_NAME, "account_type": "asset"}, content_type="application/json"
    )

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["account"]["id"] == first.json()["id"]
    assert Account.objects.count() == 1


def test_normalized_name_stays_what_the_original_application_computes(user):
    account = account_create(user=user, name=NFD_NAME, account_type="asset")
    account.refresh_from_db()

    # The original: " ".join(name.lower().strip().split()), no composition.
    assert account.normalized_name == " ".join(NFD_NAME.lower().strip().split())
    assert account.normalized_name != unicodedata.normalize("NFC", account.normalized_name)
    with pytest.raises(AccountExistsError) as caught:
        account_create(user=user, name=f"  {NFC_NAME.upper()} ", account_type="asset")
    assert caught.value.account == account
    assert Account.objects.count() == 1


def test_admin_add_form_refuses_the_other_spelling(client, db):
    admin = make_user("root", is_staff=True, is_superuser=True)
    account = account_create(user=admin, name=NFD_NAME, account_type="asset")
    client.force_login(admin)

    response = client.post(
        "/admin/finance/account/add/",
        {"user": admin.pk, "name": NFC_NAME, "account_type": "asset", "is_active": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "name": [f"An account named {account.name!r} already exists."]
    }
    assert Account.objects.count() == 1


def test_renaming_to_the_other_spelling_of_another_account_is_refused(user):
    from finance.services import account_update

    make_account(user, NFC_NAME)
    other = make_account(user, "Cash")

    with pytest.raises(AccountExistsError):
        account_update(user=user, account=other, name=NFD_NAME)
    other.refresh_from_db()
    assert other.name == "Cash"


def test_json_payload_of_errors_is_valid_json(api):
    response = post_raw(api, INLINE, '{"name": "\\ud800"}')

    assert json.loads(response.content)["error"].startswith("Text may not contain")
