"""The JSON API: one django-ninja site, its conventions, and the apps' routers.

Every app that serves JSON has an ``api`` module with a ninja ``Router`` named
``router``; ``autodiscover`` mounts each at ``URL_PREFIX`` (default
``/<app label>/``), as the admin discovers ``admin.py``. The conventions, the
same for every endpoint:

- session authentication: 401 JSON for anonymous requests, never a redirect;
- CSRF on unsafe methods (403 JSON on failure); GET sets the CSRF cookie;
- one error format, ``{"error": message, ...}``; input that fails a schema is
  a 400 naming the field (``{"error": "...", "errors": {field: [messages]}}``);
  another user's id is the same 404 as a missing one;
- JSON bodies read with decimals kept exact (form-encoded bodies too), text
  without NUL or lone surrogates, nested at most ``MAX_JSON_DEPTH`` levels;
- HEAD answers as GET without the body; a wrong method is a JSON 405 with
  ``Allow``; a body over Django's limits is a JSON 400;
- OpenAPI at ``/api/openapi.json``, interactive docs at ``/api/docs``.
"""

import functools
import importlib
import json
import re
from decimal import Decimal
from typing import Annotated, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import (
    ValidationError as DjangoValidationError,
)
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import URLPattern
from django.urls.resolvers import RoutePattern
from django.utils.module_loading import module_has_submodule
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import SessionAuth
from pydantic import WithJsonSchema

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
ANONYMOUS_MESSAGE = "Log in to use this endpoint."


# Money in responses: Decimal, rendered as an exact string ("100.50").
MoneyOut = Annotated[
    Decimal,
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["1200.50"]}),
]


# Schema types for request fields whose values the services validate, so that a
# bad value gets the service's message naming the field (the same message the
# admin shows), while the OpenAPI document still says what to send. Each admits
# null: a missing or null value reaches the service, which says it is required.
def _documented(schema):
    return Annotated[Any, WithJsonSchema({**schema, "type": [schema["type"], "null"]})]


Money = _documented(
    {
        "type": "string",
        "pattern": r"^-?\d+(\.\d{1,2})?$",
        "examples": ["1200.50"],
        "description": "Money: a decimal string (a JSON number is read exactly too).",
    }
)
Text = _documented({"type": "string"})
OptionalText = Text
DateText = _documented({"type": "string", "format": "date"})
OptionalDateText = DateText
DateTimeText = _documented(
    {"type": "string", "description": "YYYY-MM-DD (the start of that day) or an ISO date-time"}
)
Id = _documented({"type": "integer"})
IdList = Annotated[Any, WithJsonSchema({"type": ["array", "null"], "items": {"type": "integer"}})]
Flag = _documented({"type": "boolean"})


def sent_fields(payload, *, required=()):
    """The body fields the client sent (a PATCH changes only those).

    ``required`` names fields a create needs: missing ones are passed as None,
    so the service answers that they are required (a 400 naming them).
    """
    fields = payload.model_dump(exclude_unset=True)
    for name in required:
        fields.setdefault(name, None)
    return fields


class BadRequest(Exception):
    """Input the endpoint cannot use; becomes a 400 JSON response with ``payload``."""

    def __init__(self, message, **extra):
        super().__init__(message)
        self.payload = {"error": message, **extra}


class CsrfFailed(Exception):
    """An unsafe request failed Django's CSRF check; a 403 JSON response."""


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


class BodyParser(Parser):
    """Bodies as ``json_body`` reads them: exact decimals, form bodies, storable text."""

    def parse_body(self, request):
        return json_body(request)


class SessionCsrfAuth(SessionAuth):
    """Django's session, with CSRF checked the API's way (a JSON 403, after the 401).

    ninja's own cookie check would answer an anonymous POST with a 403 before
    it could get its 401; this checks the user first, then CSRF.
    """

    def __init__(self):
        super().__init__(csrf=False)

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        # Read (and cache) the body before the CSRF check parses a form body from
        # the stream, so that the body parser can still read it afterwards.
        request.body  # noqa: B018
        if request.method in SAFE_METHODS:
            # Sets the CSRF cookie (via the middleware) that a later POST needs.
            get_token(request)
        else:
            reason = _csrf_failure_reason(request)
            if reason:
                raise CsrfFailed(reason)
        return request.user


def _field_name(location):
    """The field a pydantic error location names: its last named part."""
    names = [str(part) for part in location if part not in ("body", "query", "path", "payload")]
    return ".".join(names) or "body"


def validation_errors(errors):
    """``{field: [message, ...]}`` from ninja's list of pydantic errors."""
    by_field = {}
    for error in errors:
        by_field.setdefault(_field_name(error.get("loc", ())), []).append(error["msg"])
    return by_field


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


def _edge(view):
    """Wrap a ninja view with the conventions ninja does not have.

    HEAD is answered by the GET operation, without the body; ninja's plain-text
    405 becomes JSON with ``Allow`` (HEAD included where GET is); text no column
    can store in the query string or path is a 400; a body over Django's limits
    is a JSON 400 instead of Django's HTML page.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            problem = unstorable_text_error([list(request.GET.lists()), kwargs])
            if problem:
                response = error_response(problem, status=400)
            else:
                response = view(request, *args, **kwargs)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as error:
            response = error_response(_too_large_message(error), status=400)
        finally:
            if head:
                request.method = "HEAD"
        if isinstance(response, HttpResponseNotAllowed):
            allowed = [method.strip() for method in response["Allow"].split(",")]
            if "GET" in allowed:
                allowed.append("HEAD")
            response = error_response(f"Method {request.method} is not allowed here.", status=405)
            response["Allow"] = ", ".join(sorted(allowed))
        if head:
            response = _without_body(response)
        return response

    return wrapper


class LifeOSAPI(NinjaAPI):
    """The project's ninja site: ninja's URL patterns behind ``_edge``."""

    def get_content_type(self):
        # JSON is UTF-8 by definition (RFC 8259 defines no charset parameter), and
        # clients compare the header as the API sent it before ninja.
        return "application/json"

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _edge(pattern.callback)
                route = str(pattern.pattern)
                if route.endswith("/"):
                    # A router's "" path is its collection: /habits, not /habits/.
                    pattern.pattern = RoutePattern(
                        route.rstrip("/"), name=pattern.pattern.name, is_endpoint=True
                    )
        return patterns

    def get_openapi_schema(self, **kwargs):
        # Document a router's "" path as it is served (_get_urls): /habits, not /habits/.
        schema = super().get_openapi_schema(**kwargs)
        schema["paths"] = {
            (path.rstrip("/") or "/"): operations for path, operations in schema["paths"].items()
        }
        return schema

    def autodiscover(self):
        """Mount the core's router at ``/api/`` and every app's ``api.router`` (once).

        An app's router is served at its module's ``URL_PREFIX``, by default
        ``/<app label>/``.
        """
        if getattr(self, "_discovered", False):
            return
        self._discovered = True
        from lifeos.core_api import router as core_router

        self.mount("/api/", core_router)
        for app_config in apps.get_app_configs():
            if not module_has_submodule(app_config.module, "api"):
                continue
            module = importlib.import_module(f"{app_config.name}.api")
            router = getattr(module, "router", None)
            if router is not None:
                self.mount(getattr(module, "URL_PREFIX", f"/{app_config.label}/"), router)

    def operations(self):
        """(METHOD, path) of every operation served, paths as OpenAPI writes them."""
        self.autodiscover()
        served = set()
        for bound in self._get_bound_routers():
            for path, path_view in bound.path_operations.items():
                full = "/" + "/".join(part for part in (bound.prefix.strip("/"), path) if part)
                full = re.sub(r"{\w+:(\w+)}", r"{\1}", full)
                for operation in path_view.operations:
                    served.update((method, full) for method in operation.methods)
        return served

    def mount(self, prefix, router):
        """Serve ``router`` under ``prefix``; other paths under it get a JSON 404."""
        self.add_router(prefix, router)
        self.prefixes.append(prefix.strip("/"))


api = LifeOSAPI(
    title="LifeOS API",
    version="1",
    description=(
        "A person's money, diary, habits, health, skills, projects and relationships. "
        "Session authentication (`POST /api/auth/login`); unsafe methods need the "
        "`csrftoken` cookie's value in an `X-CSRFToken` header. Money is a decimal string. "
        'Errors are `{"error": message}`; a 400 for bad input names the field.'
    ),
    openapi_url="/api/openapi.json",
    docs_url="/api/docs",
    urls_namespace="api",
    auth=SessionCsrfAuth(),
    parser=BodyParser(),
)
# The URL prefixes the mounted routers serve; anything else under them is a JSON 404.
api.prefixes = []


@api.exception_handler(BadRequest)
def _bad_request(request, error):
    return json_response(error.payload, status=400)


@api.exception_handler(AuthenticationError)
def _anonymous(request, error):
    return error_response(ANONYMOUS_MESSAGE, status=401)


@api.exception_handler(CsrfFailed)
def _csrf_failed(request, error):
    return error_response(f"CSRF check failed: {error}", status=403)


@api.exception_handler(Http404)
def _not_found(request, error):
    # Another user's id lands here too: it must look like a missing one.
    return error_response("Not found.", status=404)


@api.exception_handler(ObjectDoesNotExist)
def _missing(request, error):
    # A service or selector given a path id that is missing or another user's.
    return error_response("Not found.", status=404)


@api.exception_handler(ValidationError)
def _invalid(request, error):
    errors = validation_errors(error.errors)
    field, messages = next(iter(errors.items()))
    return error_response(f"{field}: {messages[0]}", status=400, errors=errors)


@api.exception_handler(DjangoValidationError)
def _invalid_in_service(request, error):
    if hasattr(error, "error_dict"):
        errors = error.message_dict
        first_messages = next(iter(errors.values()))
        return error_response(first_messages[0], status=400, errors=errors)
    return error_response(error.messages[0], status=400)


@api.exception_handler(HttpError)
def _http_error(request, error):
    if isinstance(error.__cause__, BadRequest):  # ninja wraps the parser's errors
        return json_response(error.__cause__.payload, status=400)
    return error_response(error.message, status=error.status_code)


@api.exception_handler(RequestDataTooBig)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def _too_large(request, error):
    # Django would answer these with its HTML 400 page.
    return error_response(_too_large_message(error), status=400)


@api.exception_handler(Exception)
def _unexpected(request, error):
    # ninja's default returns a plain-text traceback under DEBUG; Django's own
    # handling (the debug page, or a logged 500) is the project's.
    raise error


def not_found(request, path=""):
    """JSON 404 for a path under an API prefix that no endpoint serves."""
    return error_response(f"No endpoint at {request.path}.", status=404)
