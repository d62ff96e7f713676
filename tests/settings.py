"""Settings for the test suite: the app's own, with what makes tests fast and isolated.

One place for them (pyproject's DJANGO_SETTINGS_MODULE points here), instead of a fixture
copied into every test folder.
"""

from oogst.settings import *  # noqa: F403

# Django's default hasher spends a quarter of a second per password on purpose; the tests
# create hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
