"""Settings for the test suite: the app's own, with what makes tests fast and isolated.

One place for them (pyproject's DJANGO_SETTINGS_MODULE points here), instead of a fixture
copied into every test folder.
"""

import os

# A development machine: the settings' defaults for one (pytest-django still runs the tests
# themselves with DEBUG off). Commands the tests start inherit it.
os.environ.setdefault("DEBUG", "true")

from oogst.settings import *  # noqa: E402, F403

# Django's default hasher spends a quarter of a second per password on purpose; the tests
# create hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
