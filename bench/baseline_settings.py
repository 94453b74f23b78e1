"""The benchmark's floor: bare Django rendering a 50-row template from memory, no database.

Served by the same gunicorn command as the application (bench/run.py), so the ratio of a
real page's throughput to this one shows what the application itself costs.
"""

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent

DEBUG = False
SECRET_KEY = os.environ.get("DANGBO_SECRET_KEY", "bench-baseline-only-0123456789abcdefghijkl")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "baseline_urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BENCH_DIR / "templates"],
        "APP_DIRS": False,
    }
]
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LANGUAGE_CODE = "vi"
