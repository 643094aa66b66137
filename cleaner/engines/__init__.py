"""Engines besides the local one (``cleaner run --engine ray``); each is imported only when
asked for, so its dependencies stay optional."""
