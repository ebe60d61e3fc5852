"""The JSON API conventions every LifeOS app's views share.

Session authentication with CSRF protection on unsafe methods, JSON errors
(401 for anonymous requests, never a redirect to a login page; 403 for a
failed CSRF check; 405 for other methods), JSON bodies with decimals kept
exact, and Decimal/datetime serialization.
"""

import functools
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BadRequest(Exception):
    """Input the view cannot use; becomes a 400 JSON response with ``payload``."""

    def __init__(self, message, **extra):
        super().__init__(message)
        self.payload = {"error": message, **extra}


class _CsrfCheck(CsrfViewMiddleware):
    """The CSRF middleware's check, returning the failure reason instead of a page."""

    def _reject(self, request, reason):
        return reason


def _csrf_failure_reason(request):
    """None when the request passes Django's CSRF check, else the reason it fails."""
    check = _CsrfCheck(lambda request: None)
    check.process_request(request)
    return check.process_view(request, None, (), {})


def json_response(payload, status=200):
    """A JSON response; decimals become exact strings, datetimes ISO 8601."""
    return JsonResponse(payload, status=status, encoder=DjangoJSONEncoder, safe=False)


def error_response(message, status, **extra):
    """``{"error": message, ...}`` with ``status``."""
    return json_response({"error": message, **extra}, status=status)


NUL_MESSAGE = "Text may not contain the NUL character (\\u0000)."


def contains_nul(value):
    """Whether a string anywhere in ``value`` holds NUL, which no database column stores."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(item) for item in value)
    return False


def json_body(request):
    """The request's JSON object (form-encoded bodies are accepted too).

    Numbers with a fraction are read as Decimal so that money stays exact.
    """
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"null", parse_float=Decimal)
        except (ValueError, UnicodeDecodeError) as error:
            raise BadRequest(f"The body is not valid JSON: {error}.") from None
        if not isinstance(body, dict):
            raise BadRequest("The body must be a JSON object.")
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        body = request.POST.dict()
    else:
        raise BadRequest("Send the body as application/json.")
    if contains_nul(body):
        raise BadRequest(NUL_MESSAGE)
    return body


def api_view(*methods):
    """Make a view a JSON API endpoint accepting ``methods``.

    Anonymous requests get 401 before anything else; unsafe methods then pass
    Django's CSRF check (403 JSON on failure); BadRequest raised by the view
    becomes 400 and Http404 a JSON 404. GET responses set the CSRF cookie a
    front end needs for POST.
    """
    allowed = tuple(method.upper() for method in methods)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in allowed:
                response = error_response(
                    f"Method {request.method} is not allowed here.", status=405
                )
                response["Allow"] = ", ".join(allowed)
                return response
            if not request.user.is_authenticated:
                return error_response("Log in to use this endpoint.", status=401)
            if request.method in SAFE_METHODS:
                # Sets the CSRF cookie (via the middleware) that a later POST needs.
                get_token(request)
            else:
                reason = _csrf_failure_reason(request)
                if reason:
                    return error_response(f"CSRF check failed: {reason}", status=403)
            if contains_nul(list(request.GET.lists())) or contains_nul(kwargs):
                return error_response(NUL_MESSAGE, status=400)
            try:
                return view(request, *args, **kwargs)
            except BadRequest as error:
                return json_response(error.payload, status=400)
            except Http404:
                # Another user's id lands here too: it must look like a missing one.
                return error_response("Not found.", status=404)

        # The check above replaces the middleware's, which would answer an
        # anonymous POST with an HTML 403 before it could get its 401.
        return csrf_exempt(wrapper)

    return decorate


def not_found(request, path=""):
    """JSON 404 for a path under an API prefix that no endpoint serves."""
    return error_response(f"No endpoint at {request.path}.", status=404)
