"""The personal room."""
