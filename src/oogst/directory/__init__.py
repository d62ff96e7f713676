"""Who and where: provinces, municipalities, organisations, ministries and their recovery tasks."""
