"""Settings come from the environment, and production refuses insecure defaults."""

import os
import subprocess
import sys


def run_settings(env: dict) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    full.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import oogst.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        env=full,
        capture_output=True,
        text=True,
    )


def test_debug_is_off_unless_asked_for_so_a_production_start_needs_a_secret_key():
    result = run_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "DEBUG=true" in result.stderr
    code = "import oogst.settings as s; print(s.DEBUG)"
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"} | {"SECRET_KEY": "x" * 50}
    shown = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert shown.stdout.strip() == "False", shown.stderr


def test_debug_off_with_default_secret_key_refuses_to_start():
    result = run_settings({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_off_with_a_real_secret_key_starts():
    result = run_settings({"DEBUG": "false", "SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql():
    result = run_settings(
        {"DEBUG": "true", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/oogst"}
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"
