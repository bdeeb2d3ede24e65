"""Knowledge base: actor dictionary (and, later, other curated lists)."""

from marsad.kb.actors import load_actors

__all__ = ["load_actors"]
