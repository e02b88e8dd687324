"""The Scrapy crawler: sources -> spiders -> extraction -> documents handed to a scorer and a sink."""
