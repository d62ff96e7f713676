"""The dashboard: key figures of a programme at a glance."""
