"""Downloading a plan file someone shared in Slack: untrusted, so checked before and during.

The bot token goes only to Slack's own file host (https://files.slack.com/…, or under the
configured Slack API base URL, which is how tests point at a local stub), never to a URL
an event merely names; redirects are refused so the token cannot follow one elsewhere.
Size is capped at the review limit (2 MB) from the file's declared size and again while
reading, and only the file types the reviewer reads are fetched at all.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from mlplan.critique.reader import MAX_PLAN_BYTES
from mlplan.errors import PlanFileError

SLACK_FILES = "https://files.slack.com/"
REVIEWABLE = (".md", ".markdown", ".txt", ".json", ".docx")
_TIMEOUT_S = 30.0


def file_name(file: Mapping[str, Any]) -> str:
    return str(file.get("name") or file.get("title") or "plan.md")


def check_file(file: Mapping[str, Any], *, max_bytes: int = MAX_PLAN_BYTES) -> None:
    """Refuse what cannot be reviewed before spending a download on it."""
    name = file_name(file)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in REVIEWABLE:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise PlanFileError(
            f"{name}: unsupported file type {shown}; I review .md, .txt and .docx plans"
        )
    size = file.get("size")
    if isinstance(size, int) and size > max_bytes:
        raise PlanFileError(f"{name} is {size:,} bytes; a plan file may be at most {max_bytes:,}")
    if file.get("mode") in ("external", "tombstone"):
        raise PlanFileError(f"{name} is not stored in Slack; upload the file itself")


def is_slack_file_url(url: str, *, api_base_url: str | None = None) -> bool:
    """True only for Slack's file host, or a URL under the configured Slack API base URL."""
    allowed = [SLACK_FILES] + ([api_base_url] if api_base_url else [])
    try:
        target = urlsplit(url)
    except ValueError:
        return False
    if target.username or target.password or ".." in target.path.split("/"):
        return False
    for base in allowed:
        root = urlsplit(base if base.endswith("/") else base + "/")
        if (
            target.scheme == root.scheme
            and target.netloc.lower() == root.netloc.lower()
            and target.path.startswith(root.path)
        ):
            return True
    return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the bot token to wherever it points: refuse it instead."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def download(
    file: Mapping[str, Any],
    *,
    token: str,
    api_base_url: str | None = None,
    max_bytes: int = MAX_PLAN_BYTES,
) -> bytes:
    """The file's bytes, fetched with the bot token from Slack's own file URL."""
    check_file(file, max_bytes=max_bytes)
    name = file_name(file)
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    if not url:
        raise PlanFileError(f"{name}: Slack gave no download link for this file")
    if not is_slack_file_url(url, api_base_url=api_base_url):
        raise PlanFileError(f"{name}: the file is not hosted by Slack, so I won't fetch it")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=_TIMEOUT_S) as response:
            data: bytes = response.read(max_bytes + 1)
            ctype = str(response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        raise PlanFileError(f"{name}: Slack refused the download (HTTP {exc.code})") from None
    except (urllib.error.URLError, OSError, TimeoutError):
        raise PlanFileError(f"{name}: the download from Slack failed; try again") from None
    if len(data) > max_bytes:
        raise PlanFileError(f"{name} is over {max_bytes:,} bytes; a plan file may not be larger")
    if ctype.startswith("text/html") and not name.lower().endswith((".html", ".htm")):
        raise PlanFileError(
            f"{name}: Slack sent a web page instead of the file (is the files:read scope granted?)"
        )
    return data
