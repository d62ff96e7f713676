"""Users and their roles in a programme: analyst, facilitator, host, ministry liaison, observer."""
