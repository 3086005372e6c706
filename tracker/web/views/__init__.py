"""One module per page: each takes a Session and plain values and returns a ``render.Page``."""
