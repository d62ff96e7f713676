"""The harvest: contributions from tables, the public site, imports and the API."""
