"""The JSON API conventions every LifeOS app's views share.

Session authentication with CSRF protection on unsafe methods, JSON errors
(401 for anonymous requests, never a redirect to a login page; 403 for a
failed CSRF check; 405 for other methods), JSON bodies with decimals kept
exact, and Decimal/datetime serialization.
"""

import functools
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
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
# Deepest nesting of arrays and objects a body may have; the API's bodies need 3.
MAX_JSON_DEPTH = 32
DEPTH_MESSAGE = (
    f"The body is nested too deeply (at most {MAX_JSON_DEPTH} levels of arrays and objects)."
)


def _lone_surrogate(text):
    """The first lone surrogate (U+D800..U+DFFF) of ``text``, which UTF-8 cannot encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return text[error.start]
    return None


def unstorable_text_error(value):
    """The problem with ``value`` no database column could store, or None.

    Walks strings, dict keys and values, lists and tuples without recursion:
    NUL (no column stores it), lone surrogates (not encodable as UTF-8) and
    nesting deeper than MAX_JSON_DEPTH.
    """
    stack = [(value, "", 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return NUL_MESSAGE
            char = _lone_surrogate(item)
            if char is not None:
                return (
                    f"Text may not contain a lone surrogate (U+{ord(char):04X}): "
                    f"{where or 'the body'} has one."
                )
        elif isinstance(item, dict | list | tuple):
            if depth >= MAX_JSON_DEPTH:
                return DEPTH_MESSAGE
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                if not isinstance(key, str):
                    label = f"{where}[{key}]"
                else:
                    label = f"{where}.{key}" if where else key
                if isinstance(key, str):
                    stack.append((key, f"a key of {where or 'the body'}", depth + 1))
                stack.append((child, label, depth + 1))
    return None


def json_body(request):
    """The request's JSON object (form-encoded bodies are accepted too).

    Numbers with a fraction are read as Decimal so that money stays exact.
    """
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"null", parse_float=Decimal)
        except (ValueError, UnicodeDecodeError) as error:
            raise BadRequest(f"The body is not valid JSON: {error}.") from None
        except RecursionError:
            raise BadRequest(DEPTH_MESSAGE) from None
        if not isinstance(body, dict):
            raise BadRequest("The body must be a JSON object.")
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        body = request.POST.dict()
    else:
        raise BadRequest("Send the body as application/json.")
    problem = unstorable_text_error(body)
    if problem:
        raise BadRequest(problem)
    return body


def _too_large_message(error):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if isinstance(error, RequestDataTooBig) and limit is not None:
        return f"The body is too large: send at most {limit:,} bytes."
    return f"The request is too large: {error}."


def _without_body(response):
    """``response`` for a HEAD request: the GET's status and headers, no body."""
    if not response.streaming:
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def api_view(*methods):
    """Make a view a JSON API endpoint accepting ``methods``.

    Anonymous requests get 401 before anything else; unsafe methods then pass
    Django's CSRF check (403 JSON on failure); BadRequest raised by the view
    becomes 400 and Http404 a JSON 404; a body over Django's upload limits is a
    JSON 400 too. GET responses set the CSRF cookie a front end needs for POST.
    A GET endpoint answers HEAD as it answers GET, without the body.
    """
    allowed = tuple(method.upper() for method in methods)
    if "GET" in allowed and "HEAD" not in allowed:
        allowed = (*allowed, "HEAD")

    def decorate(view):
        def respond(request, *args, **kwargs):
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
            problem = unstorable_text_error([list(request.GET.lists()), kwargs])
            if problem:
                return error_response(problem, status=400)
            try:
                return view(request, *args, **kwargs)
            except BadRequest as error:
                return json_response(error.payload, status=400)
            except Http404:
                # Another user's id lands here too: it must look like a missing one.
                return error_response("Not found.", status=404)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                response = respond(request, *args, **kwargs)
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as error:
                # Django would answer these with its HTML 400 page.
                response = error_response(_too_large_message(error), status=400)
            if request.method == "HEAD":
                response = _without_body(response)
            return response

        # The check above replaces the middleware's, which would answer an
        # anonymous POST with an HTML 403 before it could get its 401.
        return csrf_exempt(wrapper)

    return decorate


def not_found(request, path=""):
    """JSON 404 for a path under an API prefix that no endpoint serves."""
    return error_response(f"No endpoint at {request.path}.", status=404)
