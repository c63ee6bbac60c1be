"""What makes the app safe to leave running: it is a server, even on 127.0.0.1.

- Host header check: a page of another site that rebinds its name to
  127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
- CSRF: every request that changes something carries the session's token
  (a hidden field, or the X-CSRF-Token header for the page's scripts).
- Login (only when shared on a network): a password, a session cookie
  (HttpOnly, SameSite), failed attempts slowed down per client address.
- Headers: no framing, no sniffing, scripts and styles only from the app.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

from flask import Flask, abort, current_app, redirect, request, session, url_for

CSRF_FIELD = "_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# What the login page itself needs; nothing of the workspace.
PUBLIC = {"auth.login", "static_files.asset", "static_files.font", "static_files.css", "static_files.favicon"}

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Files of the workspace (a kit's index.html, an SVG logo) never run a script in the app's origin.
FILE_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self'"


def local_hosts(port: int) -> set[str]:
    names = {"127.0.0.1", "localhost", "[::1]"}
    return names | {f"{name}:{port}" for name in names}


@dataclass
class LoginGuard:
    """Failed logins per client address: each failure doubles the wait before the next try."""

    base_delay: float = 1.0
    max_delay: float = 60.0
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, client: str) -> float:
        """Seconds before this client may try again (0: now)."""
        with self._lock:
            count, last = self._failures.get(client, (0, 0.0))
        if not count:
            return 0.0
        delay = min(self.max_delay, self.base_delay * 2 ** (count - 1))
        return max(0.0, last + delay - time.monotonic())

    def failed(self, client: str) -> None:
        with self._lock:
            count, _ = self._failures.get(client, (0, 0.0))
            self._failures[client] = (count + 1, time.monotonic())
            if len(self._failures) > 10_000:  # bounded memory, whatever the traffic
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


def password_digest(password: str) -> bytes:
    return hashlib.sha256(password.encode("utf-8")).digest()


def check_password(given: str, digest: bytes) -> bool:
    return hmac.compare_digest(password_digest(given), digest)


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def install(app: Flask, allowed_hosts: set[str] | None, password: str | None) -> None:
    """Hook the checks into the app (before every request) and the headers (after)."""
    app.config["ATELIERS_PASSWORD"] = password_digest(password) if password else None
    app.extensions["ateliers_login"] = LoginGuard()
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["CSRF_FIELD"] = CSRF_FIELD

    @app.before_request
    def _checks():
        if allowed_hosts is not None and request.host.lower() not in allowed_hosts:
            abort(421)  # wrong Host: possibly DNS rebinding
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD, "")
            expected = session.get("csrf", "")
            if not expected or not hmac.compare_digest(str(sent), str(expected)):
                abort(400, description="csrf")
        if app.config["ATELIERS_PASSWORD"] and not session.get("connecte"):
            if request.endpoint not in PUBLIC:
                return redirect(url_for("auth.login", suite=request.full_path if request.method == "GET" else None))
        return None

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def client_address() -> str:
    return request.remote_addr or "?"


def login_guard() -> LoginGuard:
    return current_app.extensions["ateliers_login"]
