"""Participants: pseudonymous codes, demographics for representativeness, consent per purpose."""
