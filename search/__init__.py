"""Everything that talks to Elasticsearch: the local node, mappings, bulk writes, the spool, queries."""
