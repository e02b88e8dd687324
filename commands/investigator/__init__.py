"""Commands investigators use: search, entities, watchlists and alerts, exports and case bundles."""
