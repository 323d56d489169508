"""``artifactkit site serve``: a local preview on 127.0.0.1 that rebuilds when a document changes.

The site is built into a temporary folder (never into the repository) with a version file that
the pages poll; when the docs folder or the config changes, the site is rebuilt (only what
changed is re-rendered) and open pages reload. Ctrl-C or SIGTERM stops the server and removes
the folder.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from artifactkit.errors import UserError

POLL_SECONDS = 0.4


MAX_CONNECTIONS = 32  # a browser opens about six; more is a page or a script flooding the preview
IDLE_SECONDS = 10  # a connection that sends nothing for this long is closed, freeing its place
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})


class _Handler(SimpleHTTPRequestHandler):
    timeout = IDLE_SECONDS

    def log_message(self, format, *args):
        pass  # one line per request would bury the rebuild messages

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def parse_request(self) -> bool:
        """Only requests addressed to this machine: a web page on another site can make the browser
        send requests here through a DNS name rebound to 127.0.0.1 (DNS rebinding), whose Host
        header names that site."""
        if not super().parse_request():
            return False
        if not _local_host(self.headers.get("Host", ""), self.server.server_port):  # type: ignore[attr-defined]
            self.send_error(421, "Misdirected Request", "this preview answers only to 127.0.0.1 and localhost")
            return False
        return True


def _local_host(host: str, port: int) -> bool:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8000
        name, _, rest = host.partition("]")
        name, given = name + "]", rest[1:] if rest.startswith(":") else rest
    else:
        name, _, given = host.partition(":")
    return name in LOCAL_HOSTS and given in ("", str(port))


class _Server(ThreadingHTTPServer):
    """At most ``MAX_CONNECTIONS`` at once (one thread each); past that a connection gets 503 and
    is closed. A connection that ends early (the browser left the page) is one line in the log."""

    daemon_threads = True
    request_queue_size = 128  # accepted (then served or turned away) at once, not left retrying a full backlog

    def __init__(self, address, handler, log) -> None:
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.log = log

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:  # noqa: ARG002 - socketserver's signature
        exc = sys.exc_info()[1]
        what = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"
        if isinstance(exc, (ConnectionError, TimeoutError)):
            what = f"the connection ended early ({type(exc).__name__})"
        try:
            self.log.write(f"artifactkit: {client_address[0]}:{client_address[1]}: {what}\n")
            self.log.flush()
        except (OSError, ValueError):
            pass


def make_server(folder: str, port: int, log=sys.stderr) -> ThreadingHTTPServer:
    """The preview's HTTP server on 127.0.0.1, serving ``folder``."""
    return _Server(("127.0.0.1", port), functools.partial(_Handler, directory=folder), log)


def snapshot(folder: str, extra: list[str]) -> tuple:
    """Size and modification time of every file under ``folder`` (and of ``extra``): a change shows up here."""
    sig = []
    for base, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(base, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            sig.append((path, st.st_size, st.st_mtime_ns))
    for path in extra:
        try:
            st = os.stat(path)
            sig.append((path, st.st_size, st.st_mtime_ns))
        except OSError:
            sig.append((path, -1, -1))
    return tuple(sig)


def _stop(_signum, _frame):
    raise KeyboardInterrupt


def serve(config_path, port: int, out=sys.stdout) -> int:
    from artifactkit.engine.config import load_config
    from artifactkit.site.build import build_site

    config = load_config(explicit=config_path)
    folder = tempfile.mkdtemp(prefix="artifactkit-site-")
    try:
        try:
            server = make_server(folder, port)
        except OSError as exc:
            raise UserError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}; choose another --port") from None
        watched = str(config.root / config.docs_root)
        extra = [p for p in (str(config_path) if config_path else None, str(config.root / ".artifactkit.yaml"), str(config.root / "pyproject.toml")) if p]
        sig = snapshot(watched, extra)
        result = build_site(config, folder, live=True)
        previous = signal.signal(signal.SIGTERM, _stop)
        thread = threading.Thread(target=server.serve_forever, name="artifactkit-site", daemon=True)
        thread.start()
        out.write(f"serving {result.documents} documents at http://127.0.0.1:{server.server_port}/ — Ctrl-C to stop\n")
        out.flush()
        try:
            while True:
                time.sleep(POLL_SECONDS)
                now = snapshot(watched, extra)
                if now == sig:
                    continue
                sig = now
                try:
                    config = load_config(explicit=config_path)
                    result = build_site(config, folder, live=True)
                    out.write(f"rebuilt in {result.seconds:.2f} s: {len(result.written)} files written, {len(result.removed)} removed\n")
                except UserError as exc:  # a broken config while editing: say so and keep serving the last good site
                    out.write(f"artifactkit: error: {exc}\n")
                out.flush()
        except KeyboardInterrupt:
            out.write("stopped\n")
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0
