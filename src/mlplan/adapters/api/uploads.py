"""Data files uploaded with a plan request: kept on disk only until their job has used them.

A data-grounded plan runs as a job (profiling and baselines take seconds, up to the
baseline budget), so the upload must outlive the request: it is copied in chunks (never
whole in memory) to `<data dir>/uploads/<random>/<sanitised name>` — the user's own file
name, so messages about the file name it — and removed when the job ends. Uploads left by
a process that died are swept at start-up once they are older than a day; a job recovered
after that finds its file gone and fails with a reason instead of planning without it.
"""

from __future__ import annotations

import secrets
import shutil
import time
from pathlib import Path

from starlette.datastructures import UploadFile

from mlplan.adapters.api.errors import ApiError
from mlplan.adapters.api.inputs import safe_filename

DATA_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq", ".jsonl", ".ndjson", ".json")
_CHUNK = 1024 * 1024
STALE_AFTER_S = 24 * 3600.0


def uploads_dir(data_dir: Path) -> Path:
    return data_dir / "uploads"


async def save_upload(upload: UploadFile, *, data_dir: Path, max_bytes: int) -> Path:
    """Copy an uploaded data file to its own private folder; the path of the copy."""
    name = safe_filename(upload.filename, b"")
    if Path(name).suffix.lower() not in DATA_SUFFIXES:
        raise ApiError(
            422,
            "bad_data_file",
            f"{name}: unsupported data file type; send CSV (.csv/.tsv), Parquet (.parquet) "
            "or JSON Lines (.jsonl/.ndjson)",
        )
    folder = uploads_dir(data_dir) / secrets.token_hex(12)
    folder.mkdir(parents=True, mode=0o700)
    path = folder / name
    size = 0
    try:
        with path.open("wb") as out:
            while chunk := await upload.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ApiError(
                        413,
                        "body_too_large",
                        f"{name} is larger than the data file limit of {max_bytes:,} bytes",
                    )
                out.write(chunk)
    except BaseException:
        discard(path)
        raise
    if size == 0:
        discard(path)
        raise ApiError(422, "bad_data_file", f"{name}: the data file is empty")
    return path


def discard(path: Path | str | None) -> None:
    """Remove an upload and its private folder (only ever a folder under uploads/)."""
    if not path:
        return
    folder = Path(path).parent
    if folder.parent.name == "uploads":
        shutil.rmtree(folder, ignore_errors=True)


def sweep(data_dir: Path, *, older_than_s: float = STALE_AFTER_S) -> int:
    """Remove upload folders a dead process left behind; how many were removed."""
    root = uploads_dir(data_dir)
    if not root.is_dir():
        return 0
    cutoff = time.time() - older_than_s
    removed = 0
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed
