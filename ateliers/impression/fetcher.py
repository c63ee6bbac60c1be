"""What WeasyPrint may read: the templates, the fonts, the named logo. Nothing else.

Texts from users' files end up in HTML; even escaped, a template or a
stylesheet could point at ``file:///etc/…`` or the network. This fetcher
refuses every URL that is not ``data:`` or a file inside an allowed root.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


class RestrictedFetcher(URLFetcher):
    def __init__(self, allowed_dirs: list[Path], allowed_files: list[Path] | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self._dirs = [d.resolve() for d in allowed_dirs]
        self._files = {f.resolve() for f in allowed_files or []}
        self.refused: list[str] = []

    def allows(self, path: Path) -> bool:
        path = path.resolve()
        return path in self._files or any(path.is_relative_to(d) for d in self._dirs)

    def fetch(self, url, headers=None):  # noqa: D401 - WeasyPrint's signature
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(unquote(parts.path))
            if self.allows(path) and path.is_file():
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), {"Content-Type": _TYPES.get(path.suffix.lower(), "application/octet-stream")}
                )
        self.refused.append(url)
        raise ValueError(f"ressource refusée : {url}")
