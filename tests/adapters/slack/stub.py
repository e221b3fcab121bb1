"""A local Slack Web API: a real HTTP server on 127.0.0.1 that records every call.

The bot's WebClient reaches it through `MLPLAN_SLACK_API_BASE_URL` (`base_url`), so the
bot code under test is exactly what runs against Slack: chat.postMessage / chat.update,
files_upload_v2's three steps (files.getUploadURLExternal, the upload to the returned URL,
files.completeUploadExternal), files.info, conversations.history, private file downloads
(which must carry the bot token) and response_url posts. Tests poll `wait_for` instead of
sleeping, so they are deterministic without being slow.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

BOT_USER = "UBOT"


@dataclass
class Call:
    method: str
    """Web API method (chat.postMessage), or `GET file`, `POST upload`, `POST respond`."""
    params: dict[str, Any]
    authorization: str | None
    body: bytes = b""


@dataclass
class SlackStub:
    calls: list[Call] = field(default_factory=list)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    """file id -> (content, content type) served at the file's url_private."""
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """channel -> messages (newest first) for conversations.history."""
    errors: dict[str, str] = field(default_factory=dict)
    """Web API method -> Slack error code to answer with (`ok: false`)."""
    file_objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    redirect_files: bool = False
    port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> SlackStub:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                stub._serve_file(self)

            def do_POST(self) -> None:
                stub._serve_post(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root}/api/"

    # -- test helpers -------------------------------------------------------------------------
    def add_file(
        self, name: str, content: bytes, *, content_type: str = "text/plain", **extra: Any
    ) -> dict[str, Any]:
        """Register a file the bot may download; returns the Slack file object."""
        file_id = f"F{next(self._ids):05d}"
        self.files[file_id] = (content, content_type)
        url = f"{self.base_url}files-pri/T1-{file_id}/{name}"
        self.file_objects[file_id] = obj = {
            "id": file_id,
            "name": name,
            "title": name,
            "size": len(content),
            "mode": "hosted",
            "url_private": url,
            "url_private_download": url + "?download=1",
            **extra,
        }
        return obj

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def posted(self) -> list[dict[str, Any]]:
        return [c.params for c in self.calls_to("chat.postMessage")]

    def wait_for(
        self, predicate: Callable[[], Any], *, timeout: float = 20.0, what: str = "condition"
    ) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}; calls: {self.summary()}")

    def wait_uploads(self, n: int = 1, *, timeout: float = 20.0) -> list[Call]:
        calls: list[Call] = self.wait_for(
            lambda: c if len(c := self.calls_to("files.completeUploadExternal")) >= n else None,
            timeout=timeout,
            what=f"{n} completed upload(s)",
        )
        return calls

    def summary(self) -> list[str]:
        with self._lock:
            return [f"{c.method} {str(c.params.get('text', ''))[:60]!r}" for c in self.calls]

    # -- serving ------------------------------------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def _serve_file(self, req: BaseHTTPRequestHandler) -> None:
        path = urlsplit(req.path).path
        auth = req.headers.get("Authorization")
        self._record(Call("GET file", {"path": path}, auth))
        parts = path.split("/")
        file_id = parts[3].split("-", 1)[-1] if len(parts) > 3 else ""
        if self.redirect_files:
            self._send(req, 302, b"", headers={"Location": "http://127.0.0.1:1/elsewhere"})
        elif file_id not in self.files:
            self._send(req, 404, b"not found")
        elif auth != "Bearer xoxb-test-token":
            self._send(req, 200, b"<html>login</html>", ctype="text/html")
        else:
            content, ctype = self.files[file_id]
            self._send(req, 200, content, ctype=ctype)

    def _serve_post(self, req: BaseHTTPRequestHandler) -> None:
        path = urlsplit(req.path).path
        length = int(req.headers.get("Content-Length") or 0)
        raw = req.rfile.read(length)
        auth = req.headers.get("Authorization")
        if path.startswith("/upload/"):
            self._record(Call("POST upload", {"file_id": path.rsplit("/", 1)[-1]}, auth, raw))
            self._send(req, 200, f"OK - {len(raw)}".encode())
            return
        if path.startswith("/respond/"):
            self._record(Call("POST respond", json.loads(raw or b"{}"), auth, raw))
            self._send(req, 200, b"ok")
            return
        method = path.removeprefix("/api/")
        params = self._params(req.headers.get("Content-Type", ""), raw, req.path)
        self._record(Call(method, params, auth, raw))
        answer = self._answer(method, params)
        self._send(req, 200, json.dumps(answer).encode(), ctype="application/json")

    @staticmethod
    def _params(ctype: str, raw: bytes, path: str) -> dict[str, Any]:
        params: dict[str, Any] = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
        if ctype.startswith("application/json"):
            params.update(json.loads(raw or b"{}"))
        elif raw:
            params.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
        for key in ("blocks", "files"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method in self.errors:
            return {"ok": False, "error": self.errors[method]}
        if method == "auth.test":
            return {
                "ok": True,
                "user_id": BOT_USER,
                "bot_id": "BBOT",
                "team_id": "T1",
                "user": "mlplan",
                "team": "Tests",
                "url": "https://tests.slack.com/",
            }
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": params.get("channel"), "ts": ts}
        if method == "files.getUploadURLExternal":
            file_id = f"FUP{next(self._ids):04d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.root}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = params.get("files") or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "files.info":
            found = self.file_objects.get(str(params.get("file")))
            return (
                {"ok": True, "file": found} if found else {"ok": False, "error": "file_not_found"}
            )
        if method == "conversations.history":
            return {"ok": True, "messages": self.history.get(str(params.get("channel")), [])}
        return {"ok": False, "error": "unknown_method"}

    @staticmethod
    def _send(
        req: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        *,
        ctype: str = "text/plain",
        headers: dict[str, str] | None = None,
    ) -> None:
        req.send_response(status)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            req.send_header(k, v)
        req.end_headers()
        req.wfile.write(body)
