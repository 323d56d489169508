"""Run a template's rendering in a child process with CPU and memory limits.

Jinja's sandbox stops a template from reaching the machine, not from exhausting it:
``{{ 'x' * 10**10 }}`` asks for 10 GB and a few nested loops run for hours. The child gets a
CPU-time limit (time at a prompt does not count) and an address-space limit; the parent turns
running out of either into one line. Errors the child raises as ``UserError`` or ``OSError`` cross
over with their message and exit code.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from collections.abc import Callable
from typing import Any

from artifactkit.errors import UserError

CPU_SECONDS = 10  # Copier's import and a real template's render take about a second
EXTRA_MEMORY = 1 << 30  # on top of what the process already maps when it forks


def _vm_size() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 2 << 30


def _child(fn: Callable[[], Any], write_fd: int) -> None:
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))
        limit = _vm_size() + EXTRA_MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        payload: tuple = ("ok", fn())
    except UserError as exc:
        payload = ("user", str(exc), exc.exit_code)
    except KeyboardInterrupt:
        payload = ("interrupt",)
    except MemoryError:
        payload = ("memory",)
    except OSError as exc:  # a full disk or a file-size limit: reported like any failed write
        payload = ("os", exc.errno, exc.strerror or str(exc), exc.filename)
    except BaseException:  # noqa: BLE001 -- the child must always report and exit; a bug here is reported as one
        payload = ("crash", traceback.format_exc())
    try:
        with os.fdopen(write_fd, "wb") as fh:
            pickle.dump(payload, fh)
    finally:
        os._exit(0)


def call_bounded(fn: Callable[[], Any], what: str) -> Any:
    """``fn()`` run in a forked child under the limits; ``what`` names the template in messages."""
    if not hasattr(os, "fork"):
        return fn()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(fn, write_fd)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd, "rb") as fh:
            data = fh.read()
    except KeyboardInterrupt:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(pid, 0)
    if not data:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
            raise UserError(f"template {what} took more than {CPU_SECONDS} s of CPU to render; fix the template")
        raise UserError(f"template {what}: rendering stopped ({_describe(status)}); fix the template")
    return _result(pickle.loads(data), what)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.WEXITSTATUS(status)}"


def _result(payload: tuple, what: str) -> Any:
    kind = payload[0]
    if kind == "ok":
        return payload[1]
    if kind == "user":
        error = UserError(payload[1])
        error.exit_code = payload[2]
        raise error
    if kind == "interrupt":
        raise KeyboardInterrupt
    if kind == "os":
        raise OSError(payload[1], payload[2], payload[3])
    if kind == "memory":
        raise UserError(f"template {what} needs more than {EXTRA_MEMORY >> 30} GiB of memory to render; fix the template")
    raise RuntimeError(f"rendering failed: {payload[1].strip().splitlines()[-1]}")
