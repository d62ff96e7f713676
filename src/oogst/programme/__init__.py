"""A dialogue programme: its phases, tracks and dialogue tables."""
