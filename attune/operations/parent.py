"""A child process of `attune serve` stops with its parent, however the parent dies."""

from __future__ import annotations

import ctypes
import signal


def die_with_parent() -> None:
    """On Linux, have the kernel stop this process (SIGTERM) when its parent dies outright."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM))  # 1 is PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
