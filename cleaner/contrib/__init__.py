"""Integrations with other tools; each needs its own optional extra (``pip install cleaner[scrapy]``)."""
