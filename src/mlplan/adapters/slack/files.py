"""Downloading a file someone shared in Slack: untrusted, so checked before and during.

The bot token goes only to Slack's own file host (https://files.slack.com/…, or under the
configured Slack API base URL, which is how tests point at a local stub), never to a URL
an event merely names; redirects are refused so the token cannot follow one elsewhere.
Each purpose has its own file types and size limit: a plan to review (.md, .txt, .docx,
mlplan .json; at most 2 MB, read into memory) or a data file to profile (CSV, TSV, Parquet,
JSON Lines; at most `Settings.max_data_bytes`, streamed to disk in chunks). The size is
checked from the file's declared size before anything is fetched, and again while reading.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from mlplan.critique.reader import MAX_PLAN_BYTES
from mlplan.errors import DataFileError, PlanFileError, UserInputError

SLACK_FILES = "https://files.slack.com/"
REVIEWABLE = (".md", ".markdown", ".txt", ".json", ".docx")
DATA_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq", ".jsonl", ".ndjson")
"""Data files the profiler reads (DuckDB). `.json` and `.txt` stay plan documents to review."""
_TIMEOUT_S = 30.0
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    """What a download is for: which files are fetched, and how a refusal is worded."""

    noun: str
    suffixes: tuple[str, ...]
    accepted: str
    error: type[UserInputError]


PLAN_FILES = FileKind("plan file", REVIEWABLE, "I review .md, .txt and .docx plans", PlanFileError)
DATA_FILES = FileKind(
    "data file",
    DATA_SUFFIXES,
    "I profile CSV (.csv, .tsv), Parquet (.parquet) and JSON Lines (.jsonl, .ndjson) files",
    DataFileError,
)


def file_name(file: Mapping[str, Any]) -> str:
    return str(file.get("name") or file.get("title") or "plan.md")


def is_data_file(file: Mapping[str, Any]) -> bool:
    """A shared file the profiler reads (by its name; a stub without one is not)."""
    name = str(file.get("name") or file.get("title") or "")
    return PurePosixPath(name).suffix.lower() in DATA_SUFFIXES


def megabytes(n: int) -> str:
    """`52,428,800 bytes` as `50 MB` for people."""
    mb = n / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 10 else f"{mb:.1f} MB"


def check_file(
    file: Mapping[str, Any], *, max_bytes: int = MAX_PLAN_BYTES, kind: FileKind = PLAN_FILES
) -> None:
    """Refuse what cannot be used before spending a download on it."""
    name = file_name(file)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in kind.suffixes:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise kind.error(f"{name}: unsupported file type {shown}; {kind.accepted}")
    size = file.get("size")
    if isinstance(size, int) and size > max_bytes:
        raise kind.error(
            f"{name} is {size:,} bytes; a {kind.noun} may be at most {max_bytes:,} bytes"
            + (f" ({megabytes(max_bytes)})" if max_bytes >= 1024 * 1024 else "")
        )
    if file.get("mode") in ("external", "tombstone"):
        raise kind.error(f"{name} is not stored in Slack; upload the file itself")


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
    kind: FileKind = PLAN_FILES,
) -> bytes:
    """The file's bytes, fetched with the bot token from Slack's own file URL."""
    parts: list[bytes] = []
    _fetch(
        file,
        token=token,
        api_base_url=api_base_url,
        max_bytes=max_bytes,
        kind=kind,
        sink=parts.append,
    )
    return b"".join(parts)


def download_to(
    file: Mapping[str, Any],
    folder: Path,
    *,
    name: str,
    token: str,
    api_base_url: str | None = None,
    max_bytes: int,
    kind: FileKind = DATA_FILES,
) -> Path:
    """Stream the file to `folder / name` (never whole in memory); the path written."""
    path = folder / name
    with path.open("xb") as out:
        _fetch(
            file,
            token=token,
            api_base_url=api_base_url,
            max_bytes=max_bytes,
            kind=kind,
            sink=out.write,
        )
    return path


def _fetch(
    file: Mapping[str, Any],
    *,
    token: str,
    api_base_url: str | None,
    max_bytes: int,
    kind: FileKind,
    sink: Callable[[bytes], object],
) -> None:
    """Check, then fetch in chunks into `sink`, refusing past `max_bytes`."""
    check_file(file, max_bytes=max_bytes, kind=kind)
    name = file_name(file)
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    if not url:
        raise kind.error(f"{name}: Slack gave no download link for this file")
    if not is_slack_file_url(url, api_base_url=api_base_url):
        raise kind.error(f"{name}: the file is not hosted by Slack, so I won't fetch it")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    opener = urllib.request.build_opener(_NoRedirect)
    size = 0
    try:
        with opener.open(request, timeout=_TIMEOUT_S) as response:
            ctype = str(response.headers.get("Content-Type", ""))
            if ctype.startswith("text/html") and not name.lower().endswith((".html", ".htm")):
                raise kind.error(
                    f"{name}: Slack sent a web page instead of the file "
                    "(is the files:read scope granted?)"
                )
            while chunk := response.read(min(_CHUNK, max_bytes + 1 - size)):
                size += len(chunk)
                if size > max_bytes:
                    raise kind.error(
                        f"{name} is over {max_bytes:,} bytes; a {kind.noun} may not be larger"
                    )
                sink(chunk)
    except urllib.error.HTTPError as exc:
        raise kind.error(f"{name}: Slack refused the download (HTTP {exc.code})") from None
    except (urllib.error.URLError, OSError, TimeoutError):
        raise kind.error(f"{name}: the download from Slack failed; try again") from None
    if size == 0:
        raise kind.error(f"{name}: the file is empty")
