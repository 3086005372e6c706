"""tracker: AI conferences and workshops, chosen, attended and turned into learning."""

__version__ = "0.1.0"
