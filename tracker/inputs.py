"""The one input decoding policy: what a person gives tracker is UTF-8 text.

Arguments, standard input and the file an editor saved are all held to it. Python
decodes arguments with ``surrogateescape``, so the bytes of an argument that is not
UTF-8 arrive as lone surrogates that would fail much later (in SQLite, in a path, in a
printout); :func:`check_argument` turns them back into the bytes typed and refuses them
at once, with the message :func:`decode` gives for stdin and the editor's file.
A refused input is a malformed argument: :class:`Invalid`, exit 2.
"""

from __future__ import annotations

import os

from tracker.errors import Invalid
from tracker.i18n import N_, Message

_SHOWN = 60  # characters of a refused argument quoted in the message


def decode(data: bytes, what: str) -> str:
    """``data`` as text, or :class:`Invalid` naming ``what`` and the first bad byte.

    A byte-order mark (some editors write one) is dropped.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Invalid(
            Message(
                N_("{what} is not valid UTF-8 (byte 0x{value} at offset {start}): text must be UTF-8"),
                what=what,
                value=format(data[exc.start], "02x"),
                start=exc.start,
            )
        ) from None
    return text.removeprefix("\ufeff")


def check_text(value: str, what: str) -> None:
    """Refuse text that Python decoded from bytes that are not UTF-8 (lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        decode(_typed_bytes(value), what)  # raises, naming the first bad byte
        raise Invalid(
            Message(N_("{what} is not valid UTF-8"), what=what)
        ) from None  # escaped bytes that spell UTF-8


def check_argument(value: str) -> None:
    """Refuse an argument that was not UTF-8 on the command line, or that holds a NUL."""
    if "\x00" in value:
        raise Invalid(Message(N_("argument {quoted} contains a NUL character"), quoted=_quoted(value)))
    check_text(value, Message(N_("argument {quoted}"), quoted=_quoted(value)))


def _typed_bytes(value: str) -> bytes:
    try:
        return os.fsencode(value)  # the bytes as typed (surrogateescape undone)
    except UnicodeEncodeError:  # a surrogate no byte maps to: only a caller in-process makes one
        return value.encode("utf-8", "surrogatepass")


def _quoted(value: str) -> str:
    text = _typed_bytes(value).decode("utf-8", "backslashreplace").replace("\x00", "\\0")
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 1] + "…"
    return f"'{text}'"
