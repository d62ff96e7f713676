"""WSGI entry point for serving Oogst."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oogst.settings")
application = get_wsgi_application()
