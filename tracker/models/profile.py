"""Tables of the profile room (filled in by the work on that room)."""

from __future__ import annotations
