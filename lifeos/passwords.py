"""Passwords as the original application stores them: bare bcrypt, cost 12.

The original (Flask-Bcrypt with its defaults) stores ``$2b$12$`` + salt + digest,
60 characters with no scheme name in front, and checks a password with a plain
bcrypt comparison. LifeOS verifies those hashes as stored and writes new ones in
the same form, so during a cut-over both applications accept the same password.
Only the first 72 bytes of the UTF-8 password count, as in the original.
"""

import bcrypt
from django.conf import settings
from django.contrib.auth.hashers import check_password as django_check_password

BCRYPT_PREFIXES = ("$2b$", "$2a$", "$2y$")
BCRYPT_MAX_BYTES = 72


def _secret(raw_password):
    return raw_password.encode("utf-8")[:BCRYPT_MAX_BYTES]


def is_bcrypt_hash(encoded):
    """Whether ``encoded`` is a bare bcrypt hash, as the original stores."""
    return isinstance(encoded, str) and encoded.startswith(BCRYPT_PREFIXES)


def make_bcrypt_hash(raw_password, rounds=None):
    """A bare ``$2b$`` bcrypt hash of ``raw_password`` the original can verify.

    The cost is ``settings.LIFEOS_BCRYPT_ROUNDS`` (12, Flask-Bcrypt's default);
    the test suite lowers it for speed.
    """
    rounds = rounds or settings.LIFEOS_BCRYPT_ROUNDS
    return bcrypt.hashpw(_secret(raw_password), bcrypt.gensalt(rounds)).decode("ascii")


def verify_password(raw_password, encoded):
    """Check ``raw_password`` against a bare bcrypt hash or any Django hash."""
    if raw_password is None or not encoded:
        return False
    if is_bcrypt_hash(encoded):
        try:
            return bcrypt.checkpw(_secret(raw_password), encoded.encode("ascii"))
        except ValueError:  # a malformed hash verifies nothing
            return False
    return django_check_password(raw_password, encoded)
