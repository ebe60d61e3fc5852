"""The project's own pages: the home page and the API documentation."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

# The documents served at /docs/<name>/, from the repository's docs/ folder.
SERVED_DOCS = {
    "api": "api.md",
    "verify_schema": "verify_schema.md",
}


def home(request):
    """What LifeOS is, and where to go: the admin, the API docs, schema health."""
    return render(request, "lifeos/home.html")


def doc(request, name):
    """A document of docs/, shown as its Markdown source."""
    if name not in SERVED_DOCS:
        raise Http404(f"No document {name!r}.")
    path = settings.BASE_DIR / "docs" / SERVED_DOCS[name]
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise Http404(f"{SERVED_DOCS[name]} is not installed with this copy.") from error
    return render(request, "lifeos/doc.html", {"name": SERVED_DOCS[name], "text": text})
