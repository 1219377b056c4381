"""Talking to the web: fetching, retries, politeness, network state, per-host access rules."""
