"""Test settings: production settings with fast hashing and no HTTPS redirect."""

import os

os.environ.setdefault("DANGBO_SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnop")
os.environ.setdefault("DANGBO_SECURE", "0")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only in tests
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
AXES_FAILURE_LIMIT = 5
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
