"""Canonical URLs: the same page under different tracking parameters is one URL."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dagster_project.config import TRACKING_PARAMS


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return any(name.startswith(p[:-1]) if p.endswith("*") else name == p for p in TRACKING_PARAMS)


def canonical_url(url: str | None) -> str | None:
    """``url`` without tracking parameters (``config.TRACKING_PARAMS``: ``utm_*``, ``fbclid``,
    ``gclid``, ...) and without its ``#fragment``; scheme and host lower-cased, default port and a
    trailing "/" dropped, remaining parameters sorted. None for what is not an http(s) URL."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port and not ((scheme, port) in (("http", 80), ("https", 443))):
        host = f"{host}:{port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)))
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((scheme, host, path, query, ""))


def url_key(url: str | None) -> str | None:
    """The key two URLs of one page share: :func:`canonical_url` without the scheme and "www."."""
    canonical = canonical_url(url)
    if canonical is None:
        return None
    rest = canonical.split("://", 1)[1]
    return rest.removeprefix("www.")
