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


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass  # one line per request would bury the rebuild messages

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


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
            server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Handler, directory=folder))
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
