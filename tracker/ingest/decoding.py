"""A response body's Content-Encoding undone chunk by chunk, under a cap on the decoded bytes.

A small gzip body can expand to gigabytes (a "gzip bomb"): the fetcher counts what comes
out of here against its size cap, and this never produces more than ``limit`` bytes at once.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from tracker.i18n import N_, Message


class UndecodableBody(Exception):
    """The body cannot be decoded: ``problem`` says why (the fetcher adds the URL)."""

    def __init__(self, problem: Message) -> None:
        super().__init__(str(problem))
        self.problem = problem


def decoded(raw: Iterator[bytes], encoding: str, limit: int) -> Iterator[bytes]:
    """Decode a Content-Encoding chunk by chunk, never producing more than ``limit`` bytes at once.

    ``zlib``'s ``max_length`` bounds each output; what could not be produced yet waits in
    ``unconsumed_tail`` and is fed again, so a bomb is stopped after ``limit`` bytes of output.
    """
    if encoding in ("identity", ""):
        yield from raw
        return
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = None  # zlib-wrapped or raw deflate: decided on the first bytes
    else:
        raise UndecodableBody(Message(N_("unsupported Content-Encoding {encoding}"), encoding=repr(encoding)))
    try:
        for chunk in raw:
            if decoder is None:
                raw_deflate = not chunk or (chunk[0] & 0x0F) != 8
                decoder = zlib.decompressobj(-zlib.MAX_WBITS if raw_deflate else zlib.MAX_WBITS)
            data = chunk
            while data:
                out = decoder.decompress(data, limit)
                if out:
                    yield out
                data = decoder.unconsumed_tail
        if decoder is not None:
            tail = decoder.flush()
            if tail:
                yield tail
    except zlib.error as exc:
        raise UndecodableBody(
            Message(N_("body is not valid {encoding}: {problem}"), encoding=encoding, problem=str(exc))
        ) from exc
