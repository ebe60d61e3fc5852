"""The core's endpoints: signing in, the user's own profile, and the morning view.

Mounted at ``/api/``. Log-in answers every wrong e-mail or password with the
same 401 in about the same time (Django's backend hashes the password even for
an unknown address); repeated failures are slowed down, then refused
(``lifeos.login_throttle``). The original application's bcrypt passwords work
here as in the admin.
"""

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from ninja import Router, Schema

from lifeos import login_throttle, services, today
from lifeos.api import BadRequest, OptionalText, Text, error_response

router = Router(tags=["auth"])

WRONG_CREDENTIALS = "Wrong e-mail address or password."


class LoginIn(Schema):
    email: Text = None
    password: Text = None


class UserOut(Schema):
    id: int
    email: str
    full_name: str | None
    timezone: str | None


class LoginOut(Schema):
    user: UserOut
    csrf_token: str


class ErrorOut(Schema):
    error: str


class ProfileIn(Schema):
    email: Text = None
    full_name: OptionalText = None
    timezone: OptionalText = None


def _client(request):
    return request.META.get("REMOTE_ADDR") or "unknown"


@router.post(
    "auth/login",
    auth=None,
    response={200: LoginOut, 401: ErrorOut, 429: ErrorOut},
    url_name="auth-login",
)
def auth_login(request, payload: LoginIn):
    """Log in with e-mail and password: the user, a session cookie and a CSRF token.

    Needs a JSON body: a cross-site HTML form cannot send one, which is what
    keeps another site from logging a visitor into an account of its choosing
    (this endpoint has no CSRF token to check yet).
    """
    if request.content_type != "application/json":
        raise BadRequest("Send the body as application/json.")
    email, password = payload.email, payload.password
    for field, value in (("email", email), ("password", password)):
        if not isinstance(value, str) or not value:
            raise BadRequest(f"{field} is required.", errors={field: ["This field is required."]})
    client = _client(request)
    wait = login_throttle.login_wait_seconds(email=email, client=client)
    if wait:
        response = error_response(
            f"Too many failed log-ins: try again in {wait} seconds.", status=429
        )
        response["Retry-After"] = str(wait)
        return response
    user = authenticate(request, username=email, password=password)
    if user is None:
        login_throttle.login_failed(email=email, client=client)
        return 401, {"error": WRONG_CREDENTIALS}
    login_throttle.login_succeeded(email=email)
    login(request, user)
    return {"user": user, "csrf_token": get_token(request)}


@router.post("auth/logout", response={204: None}, url_name="auth-logout")
def auth_logout(request):
    """End the session."""
    logout(request)
    return 204, None


@router.get("me", response=UserOut, url_name="me")
def me(request):
    """The logged-in user."""
    return request.user


@router.patch("me", response=UserOut, url_name="me")
def me_update(request, payload: ProfileIn):
    """Change ``email``, ``full_name`` or ``timezone`` (IANA); a 400 names each bad field."""
    return services.user_update(user=request.user, **payload.model_dump(exclude_unset=True))


@router.get("today", response=dict, url_name="today")
def today_view(request):
    """Your morning, in one call, on your local date (``timezone`` of ``/api/me``).

    ``{"date", "timezone", ...}`` plus each app's part: ``habits_due`` (with
    streaks), ``tasks_due`` (due or overdue), ``reconnect`` (people to call),
    ``birthdays`` (next 7 days), ``lowest_balance_30d`` (the default
    forecast's lowest balance in the next 30 days), ``last_mood`` (the last
    journal entry with a mood), and the others apps add.
    """
    return today.today_view(user=request.user)
