"""Issue 22 item 13: ``site serve`` answers only requests addressed to this machine (a page on another
site can reach 127.0.0.1 through a DNS name rebound to it, and its requests carry that name in the
Host header), holds a bounded number of connections, and logs a connection the browser dropped in
one line, not a traceback. The installed command, a real HTTP server, real sockets on 127.0.0.1."""

from __future__ import annotations

import os
import selectors
import signal
import socket
import struct
import subprocess

import pytest
from conftest import artifactkit_exe, git, write_tree
from hostile_helpers import GOOD

BIG = 16 * 1024 * 1024


@pytest.fixture
def serving(tmp_path):
    write_tree(tmp_path, {"docs/adr/0001-x.md": GOOD + "\n![diagram](big.png)\n",
                          "docs/adr/big.png": b"\x89PNG\r\n\x1a\n" + os.urandom(BIG)})
    git(tmp_path, "init", "-q")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([artifactkit_exe(), "site", "serve", "--port", str(port)], cwd=tmp_path, text=True,
                            env={**os.environ, "NO_COLOR": "1"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = proc.stdout.readline()
        assert f"127.0.0.1:{port}" in line, line
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)


def status(port: int, host: str, path: str = "/") -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        response = b""
        while chunk := s.recv(65536):  # all of it: closing with data unread would reset the connection
            response += chunk
    return int(response.split(b" ")[1]) if response.startswith(b"HTTP/") else 0


def test_only_requests_addressed_to_this_machine_are_answered(serving):
    _, port = serving
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
        assert status(port, host) == 200, host
    for host in (f"rebound.attacker.example:{port}", "rebound.attacker.example", f"127.0.0.1.attacker.example:{port}",
                 f"localhost:{port + 1}", ""):
        assert status(port, host) == 421, host


def test_connections_are_bounded(serving):
    _, port = serving
    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(64)]
    try:
        turned_away = 0  # once the server has taken them all: 32 hold a thread each, the other 32 get 503
        with selectors.DefaultSelector() as sel:
            for s in idle:
                sel.register(s, selectors.EVENT_READ)
            while turned_away < 32:
                ready = sel.select(timeout=8)
                assert ready, f"only {turned_away} connections were turned away"
                for key, _ in ready:
                    assert key.fileobj.recv(64).startswith(b"HTTP/1.0 503 "), "an idle connection was answered"
                    sel.unregister(key.fileobj)
                    turned_away += 1
        assert status(port, f"127.0.0.1:{port}") == 503  # one thread per connection, no more
    finally:
        for s in idle:
            s.close()
    for _ in range(100):  # the places free again as the idle connections close
        if status(port, f"127.0.0.1:{port}") == 200:
            break
    else:
        raise AssertionError("the server did not recover after the idle connections closed")
    from artifactkit.site.serve import MAX_CONNECTIONS

    assert MAX_CONNECTIONS == 32


def test_a_dropped_connection_is_one_line_in_the_log(serving):
    proc, port = serving
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(f"GET /pages/docs/adr/big.png HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert s.recv(1) == b"H"
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()  # a reset while the server still sends: the browser left the page
    assert status(port, f"127.0.0.1:{port}") == 200  # and the server goes on
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("artifactkit: 127.0.0.1:") and "ended early" in lines[0], err
