"""Keeping freed memory in the process for a large ``tracker recommend`` (glibc only).

glibc's malloc hands a freed block of more than its mmap threshold back to the kernel, and
trims the heap's free top; the next array of that size is then faulted in page by page
again. Scoring a million editions makes hundreds of such temporaries (a block's criteria,
the columns parsed from SQL), and with the defaults that refaulting was about 0.25 s of
system time of a ~4.5 s command. With a fixed threshold above the sizes it makes and no
trimming, freed blocks are reused: ~50 MB more peak memory at +1,000,000 editions, nothing
measurable at the bundled catalog's size. Elsewhere (musl, macOS, Windows) nothing is done.
"""

from __future__ import annotations

import sys

M_TRIM_THRESHOLD = -1  # mallopt's parameter numbers (glibc's malloc.h)
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 64 * 2**20  # blocks larger than this still come from (and go back to) mmap
TRIM_THRESHOLD = 2**30  # the heap's free top is kept up to this size


def keep_freed_memory() -> bool:
    """Tell glibc's malloc to reuse freed blocks rather than return them; whether it could."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt to speak of)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    # The mmap threshold first: setting either one turns off glibc's moving threshold.
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
