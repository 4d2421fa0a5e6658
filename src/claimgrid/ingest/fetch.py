"""Fetching pages and feeds over HTTP(S), politely and safely.

* A clear User-Agent (``USER_AGENT``); robots.txt is read once per host and
  obeyed for the ``claimgrid`` token (401/403 → everything disallowed, other
  4xx → everything allowed, 5xx or unreachable → everything disallowed, as
  RFC 9309 says).
* Timeouts on connect and on each read, plus a deadline for the whole body;
  a size limit (``max_bytes``, checked on the declared length and again while
  streaming the decoded body); at most ``MAX_REDIRECTS`` redirects, each hop
  checked again (scheme, address, robots.txt).
* By default, hosts that resolve to any private, loopback, link-local,
  reserved, multicast or otherwise non-global address are refused before a
  connection is made (``allow_private=True`` lifts this for intranets and
  tests). The check resolves the name itself, so a DNS answer that changes
  between the check and httpx's own lookup is not caught.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from .. import __version__
from ..errors import InputError
from .files import MAX_SOURCE_BYTES, too_large_reason

logger = logging.getLogger(__name__)

USER_AGENT = f"claimgrid/{__version__} (+https://github.com/claimgrid/claimgrid)"
ROBOTS_TOKEN = "claimgrid"
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
BODY_DEADLINE = 60.0            # seconds for a whole body, against slow drips
MAX_ROBOTS_BYTES = 512 * 1024
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Page:
    """A fetched document: the final URL after redirects, its bytes and media type."""
    url: str
    content: bytes
    media_type: str            # "text/html", "application/rss+xml", … ("" when not sent)
    charset: str | None


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def refused_address_reason(address: str) -> str | None:
    """Why an IP address may not be fetched without ``allow_private``, or None if it is public."""
    ip = ipaddress.ip_address(address.split("%")[0])   # drop an IPv6 zone id
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # the specific kinds first: link-local and loopback ranges are also "private"
    for kind, test in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                       ("unspecified", ip.is_unspecified), ("multicast", ip.is_multicast),
                       ("reserved", ip.is_reserved), ("private", ip.is_private)):
        if test:
            return f"{ip} is a {kind} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


class Fetcher:
    """One HTTP client and one robots.txt cache for a batch of URLs. Use as a context manager."""

    def __init__(self, *, allow_private: bool = False, max_bytes: int = MAX_SOURCE_BYTES,
                 respect_robots: bool = True):
        import httpx

        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.respect_robots = respect_robots
        self._robots: dict[str, RobotFileParser | None] = {}
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
            follow_redirects=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> Page:
        """GET ``url`` (following safe redirects) or raise ``InputError(url, reason)``."""
        return self._get(url, source=url, max_bytes=self.max_bytes, check_robots=self.respect_robots)

    # -- internals ------------------------------------------------------------

    def _get(self, url: str, *, source: str, max_bytes: int, check_robots: bool) -> Page:
        import httpx

        for _hop in range(MAX_REDIRECTS + 1):
            self._check_target(url, source)
            if check_robots and not self._robots_allow(url):
                raise InputError(source, f"disallowed by robots.txt ({_origin(url)}/robots.txt)")
            try:
                with self._client.stream("GET", url) as response:
                    if response.status_code in _REDIRECT_STATUSES and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise InputError(source, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                    content = self._read_body(response, source, max_bytes)
                    media_type, charset = _content_type(response.headers.get("content-type", ""))
                    return Page(url=str(response.url), content=content, media_type=media_type, charset=charset)
            except httpx.TimeoutException:
                raise InputError(source, "timed out") from None
            except httpx.HTTPError as err:
                raise InputError(source, f"cannot fetch ({type(err).__name__}: {err})") from None
        raise InputError(source, f"too many redirects (limit {MAX_REDIRECTS})")

    def _read_body(self, response, source: str, max_bytes: int) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise InputError(source, too_large_reason(int(declared), max_bytes))
        deadline = time.monotonic() + BODY_DEADLINE
        chunks, size = [], 0
        for chunk in response.iter_bytes():   # decoded: the limit also bounds compressed bombs
            size += len(chunk)
            if size > max_bytes:
                raise InputError(source, too_large_reason(None, max_bytes))
            if time.monotonic() > deadline:
                raise InputError(source, f"timed out (body took more than {BODY_DEADLINE:g} s)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _check_target(self, url: str, source: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise InputError(source, f"unsupported URL scheme {parts.scheme!r} (http and https only)")
        if not parts.hostname:
            raise InputError(source, "URL has no host")
        if self.allow_private:
            return
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, ValueError) as err:
            raise InputError(source, f"cannot resolve host {parts.hostname} ({err})") from None
        for info in infos:
            reason = refused_address_reason(info[4][0])
            if reason:
                raise InputError(source, f"refused: {parts.hostname} resolves to {reason} "
                                         "(private addresses need allow_private / --allow-private)")

    def _robots_allow(self, url: str) -> bool:
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        return True if rules is None else rules.can_fetch(ROBOTS_TOKEN, url)

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        """The parsed robots.txt of ``origin``; None means everything is allowed."""
        robots_url = f"{origin}/robots.txt"
        rules = RobotFileParser(robots_url)
        try:
            page = self._get(robots_url, source=robots_url, max_bytes=MAX_ROBOTS_BYTES, check_robots=False)
        except InputError as err:
            if err.reason.startswith("HTTP 401") or err.reason.startswith("HTTP 403"):
                rules.disallow_all = True
            elif err.reason.startswith("HTTP 4"):
                return None
            else:
                logger.warning("robots.txt unreachable, not fetching from %s: %s", origin, err.reason)
                rules.disallow_all = True
            return rules
        rules.parse(page.content.decode("utf-8", errors="replace").splitlines())
        return rules


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip().strip('"\'') or None
    return media_type.strip().lower(), charset
