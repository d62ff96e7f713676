"""Writes of the selection app, one module per job: sign-up, the pool's import, the draw and
its replacements, invitations and reminders, and what the retention rule removes."""
