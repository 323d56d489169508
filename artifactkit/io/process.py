"""A child process (git talking to a server) that ends within its time limit, children included."""

from __future__ import annotations

import os
import signal
import subprocess


def run_bounded(cmd: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """``subprocess.run`` whose timeout holds: ``git`` hands the network to a helper process
    (``git-remote-https``) that keeps the output pipes open, so killing ``git`` alone leaves
    ``run`` waiting on a silent server. The child gets its own session (no terminal to prompt on:
    only for commands that need no person, such as ``outdated`` asking a server), killed whole."""
    kwargs.setdefault("stdin", subprocess.DEVNULL)  # nothing to answer: a prompt fails at once
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    with subprocess.Popen(cmd, start_new_session=True, **kwargs) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.communicate()
            raise
        return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
