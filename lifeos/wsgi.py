"""WSGI entry point for LifeOS."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifeos.settings")

application = get_wsgi_application()
