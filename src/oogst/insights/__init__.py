"""Insights (inzichten): what the dialogue means, backed by linked evidence, mapped to the
ministries and their recovery tasks, and read by the ministries' liaisons."""
