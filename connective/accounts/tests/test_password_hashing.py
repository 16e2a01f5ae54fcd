import importlib

from django.contrib.auth.hashers import Argon2PasswordHasher


def test_passwords_are_hashed_with_argon2_outside_the_test_suite() -> None:
    # The suite swaps in a fast hasher (conftest.py); the real settings module must not.
    settings_module = importlib.import_module("config.settings")
    assert settings_module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert Argon2PasswordHasher().verify(
        "s3cret-enough", Argon2PasswordHasher().encode("s3cret-enough", "saltsaltsalt")
    )
