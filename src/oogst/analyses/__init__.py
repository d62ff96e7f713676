"""Analysis runs in the web app: start, follow, cancel, read, compare and review them."""
