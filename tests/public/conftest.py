import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The world fixture makes six users; a cheap hasher keeps these tests in seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
