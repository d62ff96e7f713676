"""The Dutch demo programme and synthetic data sets for benchmarks."""
