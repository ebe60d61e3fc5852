"""The shared input parsing: field errors, the collector and the parse functions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lifeos.inputs import (
    ID_MAX,
    FieldError,
    FieldErrors,
    parse_date,
    parse_id,
    parse_optional_text,
    parse_text,
    path_id,
)


class AppError(FieldError):
    """An app's own error class."""


def messages(call, *args, **kwargs):
    with pytest.raises(FieldError) as caught:
        call(*args, **kwargs)
    return caught.value.message_dict


# FieldError -------------------------------------------------------------------------


def test_field_error_is_a_validation_error_keyed_by_field():
    error = FieldError("amount", "Give an amount.")
    assert isinstance(error, ValidationError)
    assert error.message_dict == {"amount": ["Give an amount."]}


def test_field_error_takes_a_dict_of_fields():
    error = FieldError({"from": ["Bad."], "to": ["Worse.", "Worst."]})
    assert error.message_dict == {"from": ["Bad."], "to": ["Worse.", "Worst."]}


# FieldErrors ------------------------------------------------------------------------


def test_check_returns_the_parsed_value():
    errors = FieldErrors()
    assert errors.check(parse_text, " Run ", "name", max_length=10) == "Run"
    errors.raise_any()  # nothing recorded, nothing raised


def test_check_records_the_error_and_returns_none():
    errors = FieldErrors(AppError)
    assert errors.check(parse_text, 5, "name", max_length=10, error=AppError) is None
    assert errors.messages == {"name": ["Give text."]}


def test_every_field_is_named_in_one_error_of_the_given_class():
    errors = FieldErrors(AppError)
    errors.refuse_unknown({"name": 1, "zeta": 2, "alpha": 3}, ("name",))
    errors.check(parse_date, "soon", "from", error=AppError)
    errors.add("from", "Another problem.")
    with pytest.raises(AppError) as caught:
        errors.raise_any()
    assert caught.value.message_dict == {
        "alpha": ["This field cannot be set."],
        "zeta": ["This field cannot be set."],
        "from": ["'soon' is not a date (YYYY-MM-DD).", "Another problem."],
    }
    assert list(caught.value.message_dict) == ["alpha", "zeta", "from"]


def test_check_lets_another_error_class_through():
    errors = FieldErrors(AppError)
    with pytest.raises(FieldError):
        errors.check(parse_text, 5, "name", max_length=10)
    assert errors.messages == {}


# parse_date -------------------------------------------------------------------------


def test_parse_date_accepts_a_date_or_an_iso_string():
    assert parse_date(datetime.date(2025, 3, 1), field_name="d") == datetime.date(2025, 3, 1)
    assert parse_date(" 2025-03-01 ", field_name="d") == datetime.date(2025, 3, 1)


def test_parse_date_empty_is_required_unless_told():
    assert messages(parse_date, None, field_name="d") == {"d": ["Give a date (YYYY-MM-DD)."]}
    assert messages(parse_date, "", field_name="d") == {"d": ["Give a date (YYYY-MM-DD)."]}
    assert parse_date(None, field_name="d", required=False) is None
    assert parse_date("", field_name="d", required=False) is None


def test_parse_date_refuses_datetimes_and_other_values():
    moment = datetime.datetime(2025, 3, 1, 12, 0)
    assert messages(parse_date, moment, field_name="d") == {
        "d": ["Give a date (YYYY-MM-DD), not a date and time."]
    }
    assert messages(parse_date, "2025-02-30", field_name="d") == {
        "d": ["'2025-02-30' is not a date (YYYY-MM-DD)."]
    }
    assert messages(parse_date, 20250301, field_name="d") == {
        "d": ["20250301 is not a date (YYYY-MM-DD)."]
    }


def test_parse_date_raises_the_class_given():
    with pytest.raises(AppError):
        parse_date("x", field_name="d", error=AppError)


# parse_id ---------------------------------------------------------------------------


def test_parse_id_accepts_ints_and_digits():
    assert parse_id(7, field_name="account_id", noun="Account") == 7
    assert parse_id(" 42 ", field_name="account_id", noun="Account") == 42
    assert parse_id(ID_MAX, field_name="account_id", noun="Account") == ID_MAX


@pytest.mark.parametrize("value", [0, -1, ID_MAX + 1, True, "abc", "", "١٢", 1.0, None])
def test_parse_id_anything_else_does_not_exist(value):
    assert messages(parse_id, value, field_name="account_id", noun="Account") == {
        "account_id": [f"Account {value!r} does not exist."]
    }


def test_parse_id_raises_the_class_given():
    with pytest.raises(AppError):
        parse_id("x", field_name="id", noun="Row", error=AppError)


# path_id ----------------------------------------------------------------------------


def test_path_id_is_the_id_or_zero():
    assert path_id(5) == 5
    assert path_id("5") == 5
    assert path_id(str(ID_MAX)) == ID_MAX
    for value in (0, -3, ID_MAX + 1, str(ID_MAX + 1), True, " 5", "5 ", "-5", "١٢", "", None, 5.0):
        assert path_id(value) == 0, value


# parse_text -------------------------------------------------------------------------


def test_parse_text_strips_and_checks_the_stripped_length():
    assert parse_text("  abc  ", field_name="name", max_length=3) == "abc"
    assert messages(parse_text, "abcd", field_name="name", max_length=3) == {
        "name": ["Use at most 3 characters (it has 4)."]
    }
    assert messages(parse_text, "x" * 1001, field_name="name", max_length=1000) == {
        "name": ["Use at most 1,000 characters (it has 1,001)."]
    }


def test_parse_text_blank_is_blank_or_required():
    assert parse_text(None, field_name="name", max_length=3) is None
    assert parse_text("   ", field_name="name", max_length=3) is None
    assert parse_text("  ", field_name="email", max_length=3, blank="") == ""
    assert messages(parse_text, " ", field_name="name", max_length=3, required=True) == {
        "name": ["This field is required."]
    }
    assert messages(parse_text, None, field_name="name", max_length=3, required=True) == {
        "name": ["This field is required."]
    }


def test_parse_text_refuses_non_text():
    assert messages(parse_text, 12, field_name="name", max_length=3) == {"name": ["Give text."]}
    with pytest.raises(AppError):
        parse_text(12, field_name="name", max_length=3, error=AppError)


# parse_optional_text ----------------------------------------------------------------


def test_parse_optional_text_strips_and_blank_is_none():
    assert parse_optional_text(None, field_name="memo", max_length=5) is None
    assert parse_optional_text("   ", field_name="memo", max_length=5) is None
    assert parse_optional_text(" rent ", field_name="memo", max_length=6) == "rent"


def test_parse_optional_text_counts_the_length_as_given():
    assert messages(parse_optional_text, " rent ", field_name="memo", max_length=5) == {
        "memo": ["Use at most 5 characters (it has 6)."]
    }
    assert messages(parse_optional_text, ["rent"], field_name="memo", max_length=5) == {
        "memo": ["Give text."]
    }
    with pytest.raises(AppError):
        parse_optional_text(1, field_name="memo", max_length=5, error=AppError)
