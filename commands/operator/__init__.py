"""Commands operators use: crawls, sources, schedules, health, retention, the node and the index."""
