"""A Scrapy item pipeline that cleans each item and drops rejects and duplicates.

Enable it with ``ITEM_PIPELINES = {"cleaner.contrib.scrapy.CleanerPipeline": 300}``. Settings:

- ``CLEANER_CONFIG``: a config file (default: found as ``cleaner run`` finds it);
- ``CLEANER_PIPELINE``: a list of plugin names that replaces the config's ``pipeline``;
- ``CLEANER_PLUGINS``: ``{name: {key: value}}`` merged onto the config's plugin settings;
- ``CLEANER_HTML_FIELD`` (``"html"``) and ``CLEANER_TEXT_FIELD`` (``"text"``): the item fields
  with the page and with the text (which wins if both are set, as in a ``.jsonl`` record).

Several spiders deduplicate against each other with a shared index:
``CLEANER_PLUGINS = {"exact_dedup": {"index": "redis://HOST:6379/0"}, "near_dedup": {"index": ...}}``.
If that index is lost mid-crawl, the item is dropped and the spider closed.
"""
from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from ..api import Cleaner
from ..pipeline import StopRun

logger = logging.getLogger(__name__)


class CleanerPipeline:
    """Cleans an item's text, or else its HTML, into its text field, removes the HTML field
    and adds the clean record's other fields (``title``, ``lang``, ``trail``...) where the item
    takes them. A rejected or duplicate item raises DropItem naming the stage and the reason.
    Cleaning runs in the reactor thread, one item at a time, so deduplication sees items in
    the order they are scraped."""

    def __init__(self, cleaner: Cleaner, html_field: str = "html", text_field: str = "text",
                 crawler: Crawler | None = None) -> None:
        self.cleaner, self.html_field, self.text_field = cleaner, html_field, text_field
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanerPipeline:
        """A pipeline configured from the ``CLEANER_*`` settings; a bad config stops the crawl."""
        settings = crawler.settings
        overrides: dict[str, Any] = {}
        if settings.get("CLEANER_PIPELINE") is not None:
            overrides["pipeline"] = settings.getlist("CLEANER_PIPELINE")
        if settings.get("CLEANER_PLUGINS"):
            overrides["plugins"] = settings.getdict("CLEANER_PLUGINS")
        cleaner = Cleaner(settings.get("CLEANER_CONFIG"), **overrides)
        if cleaner.order_free:
            raise ValueError(f"cleaner: [dedup] keep = {cleaner.config.dedup.keep!r} needs the whole input, but a crawl "
                             "is cleaned item by item: use keep = \"first\" in the config for the Scrapy pipeline")
        return cls(cleaner, settings.get("CLEANER_HTML_FIELD", "html"), settings.get("CLEANER_TEXT_FIELD", "text"),
                   crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """The item, cleaned in place, or DropItem("cleaner: STAGE: REASON (DETAILS)")."""
        adapter = ItemAdapter(item)
        record = adapter.asdict()
        record["text"], record["html"] = record.pop(self.text_field, None), record.pop(self.html_field, None)
        record.setdefault("id", record.get("url"))
        try:
            doc = self.cleaner.process(record)
        except StopRun as e:  # a lost shared index: stop rather than let items through unchecked
            logger.error("cleaner: %s; closing the spider", e)
            if self.crawler is not None and self.crawler.engine is not None:
                self._close_spider(spider, f"cleaner: {e}")
            raise DropItem(f"cleaner: stopped: {e}") from None
        if doc is None:
            drop = self.cleaner.last_dropped.dropped  # type: ignore[union-attr]
            details = ", ".join(f"{k}={v}" for k, v in drop.detail.items())
            raise DropItem(f"cleaner: {drop.stage}: {drop.reason}" + (f" ({details})" if details else ""))
        adapter.pop(self.html_field, None)
        for key, value in doc.record().items():
            if key not in ("id", "source"):
                try:
                    adapter[self.text_field if key == "text" else key] = value
                except KeyError:  # an Item class without this field
                    pass
        return item

    def _close_spider(self, spider: Any, reason: str) -> None:
        engine = self.crawler.engine  # type: ignore[union-attr]
        if hasattr(engine, "close_spider_async"):  # Scrapy 2.14+
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=reason))
        else:
            engine.close_spider(spider, reason)

    def close_spider(self, spider: Any = None) -> None:
        """Close the deduplicators' state and log the run's summary."""
        self.cleaner.close()
        logger.info("cleaner: %s", self.cleaner.stats.summary())
