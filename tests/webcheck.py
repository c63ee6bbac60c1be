"""Helpers for the web app's tests: read a page's forms and texts as a browser would."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

HOST = "127.0.0.1:8765"


def client_of(app):
    """Flask's test client, sending the Host the app accepts."""
    c = app.test_client()
    c.environ_base["HTTP_HOST"] = HOST
    return c


class _Forms(HTMLParser):
    """Every form of a page: its action, method and the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(), "id": a.get("id"), "fields": []})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input":
            kind = a.get("type", "text")
            name = a.get("name")
            if not name or kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
                return
            fields.append((name, a.get("value", "")))
        elif tag == "select":
            self._select, self._select_value, self._select_first = a.get("name"), None, None
        elif tag == "option" and self._select:
            value = a.get("value")
            self._option = {"value": value, "selected": "selected" in a}
            self._text = []
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._text = []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value = self._option["value"] if self._option["value"] is not None else "".join(self._text)
            if self._select_first is None:
                self._select_first = value
            if self._option["selected"]:
                self._select_value = value
            self._option = None
        elif tag == "select" and self._select:
            chosen = self._select_value if self._select_value is not None else self._select_first
            if chosen is not None:
                self.forms[-1]["fields"].append((self._select, chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.forms[-1]["fields"].append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form(html: str, action_contains: str = "") -> dict:
    for f in forms(html):
        if action_contains in f["action"] and f["method"] == "post":
            return f
    raise AssertionError(f"no POST form with action containing {action_contains!r}")


def fields(f: dict) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for name, value in f["fields"]:
        result.setdefault(name, []).append(value)
    return result


def csrf(html: str) -> str:
    match = re.search(r'name="_csrf" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "textarea"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "textarea"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def text(html: str) -> str:
    """The page's visible text (no code, scripts or typed values)."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split(" "))


def element_text(html: str, element_id: str) -> str:
    """Text of the element with this id (a field's message span)."""
    match = re.search(rf'id="{re.escape(element_id)}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no element #{element_id}"
    return match.group(1)


def workshop(folder: Path, name: str, body: str) -> Path:
    path = folder / f"atelier-{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path
