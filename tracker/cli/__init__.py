"""The command line: one Typer module per noun; each parses, calls the domain, renders."""
