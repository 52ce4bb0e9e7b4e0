"""The staff-facing error, in a module of its own so that the command line imports it cheaply."""
from __future__ import annotations


class AssignmentError(Exception):
    """An assignment's declaration is invalid (a staff problem, with its fix in the message)."""
