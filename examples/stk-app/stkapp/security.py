"""Session sign-in for the example, with the call shapes of stk's auth library.

stk uses `quart_security` (`auth_required`, `roles_required`, `current_user`, `UserMixin`,
`login_user`, `logout_user`, `hash_password`, `verify_password`), which Debian does not
package. This module offers the same names and call shapes, small enough to read in a
minute: a signed Quart session holds the user's `fs_uniquifier`, and the app loads the
user into `g.user` before each request.
"""
import functools
import hashlib
import hmac
import os

from quart import g, session
from sqlalchemy import select
from werkzeug.local import LocalProxy

SESSION_KEY = "_user_id"
ITERATIONS = 100_000


class AnonymousUser:
    id = None
    email = None
    is_authenticated = False
    is_active = False
    roles = ()

    def has_role(self, role):
        return False


class UserMixin:
    """What the auth decorators ask of a user model (it has `active` and `roles`)."""

    is_authenticated = True

    @property
    def is_active(self):
        return bool(self.active)

    def has_role(self, role):
        return any(item.name == role for item in self.roles)


def _current_user():
    return g.get("user") or AnonymousUser()


current_user = LocalProxy(_current_user)


async def load_user():
    """Puts the signed-in user (or an anonymous one) on `g.user`; the app calls it before each request."""
    from stkapp.user.models import User

    user = None
    uniquifier = session.get(SESSION_KEY)
    if uniquifier:
        result = await g.db_session.execute(select(User).where(User.fs_uniquifier == uniquifier))
        user = result.scalar_one_or_none()
        if user is not None and not user.active:
            user = None
    g.user = user or AnonymousUser()
    return g.user


def login_user(user):
    session[SESSION_KEY] = user.fs_uniquifier
    g.user = user


def logout_user():
    session.pop(SESSION_KEY, None)
    g.user = AnonymousUser()


def hash_password(password):
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${salt.hex()}${digest.hex()}"


def verify_password(password, hashed):
    try:
        _, iterations, salt, digest = (hashed or "").split("$")
        expected = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(expected.hex(), digest)


def auth_required(*methods):
    """Refuses the request with 401 unless someone is signed in (`methods` names the schemes, e.g. "session")."""

    def decorator(view):
        @functools.wraps(view)
        async def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return {"message": "Authentication required."}, 401
            return await view(*args, **kwargs)

        return wrapper

    return decorator


def roles_required(*roles):
    """Refuses the request with 403 unless the signed-in user has every role named."""

    def decorator(view):
        @functools.wraps(view)
        async def wrapper(*args, **kwargs):
            if not all(current_user.has_role(role) for role in roles):
                return {"message": "You do not have permission to do this."}, 403
            return await view(*args, **kwargs)

        return wrapper

    return decorator
