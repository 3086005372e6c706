"""The catalog room: series, editions, deadlines, quality, time zones, places, importers."""
