"""The entity types: one table that the extractor (crawler/entities.py), the index mapping (search/mapping.py), the
query language (search/syntax.py) and the pages read."""

# every field under `entities.` in the index, as crawler.entities.flat fills it
INDEXED = ("phone", "handle", "bot", "tme", "onion", "url", "email", "wallet", "wallet_type", "substance", "place")

# the types a query or a pivot names as TYPE:VALUE (phone:+998..., bot:@x, place:Samarkand)
SEARCHABLE = ("phone", "handle", "bot", "wallet", "onion", "email", "substance", "place")

# the identifiers that point at a seller: top lists, "new identifiers", the context model's links
IDENTIFIERS = ("phone", "handle", "bot", "wallet", "onion")

assert set(SEARCHABLE) <= set(INDEXED) and set(IDENTIFIERS) <= set(SEARCHABLE)
