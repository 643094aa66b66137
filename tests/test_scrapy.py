"""The Scrapy item pipeline in a real crawl of the seeds, served as HTML from 127.0.0.1."""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ARTICLE, ROOT, SEEDS, read_jsonl, write

pytest.importorskip("scrapy")

SPIDER = """
import sys
import scrapy
from scrapy.crawler import CrawlerProcess


class Stories(scrapy.Spider):
    name = "stories"
    start_urls = [sys.argv[1]]

    def parse(self, response):
        yield from response.follow_all(css="a.story", callback=self.story)

    def story(self, response):
        yield {"url": response.url, "html": response.text, "section": "world"}
        yield from response.follow_all(css="a.story", callback=self.story)


process = CrawlerProcess(settings={
    "ITEM_PIPELINES": {"cleaner.contrib.scrapy.CleanerPipeline": 300},
    "FEEDS": {sys.argv[2]: {"format": "jsonlines", "encoding": "utf-8"}},
    "CLEANER_PLUGINS": {"min_length": {"min_words": 40}},
    "ROBOTSTXT_OBEY": False, "HTTPPROXY_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
})
process.crawl(Stories)
process.start()
"""
GONE = ["Leave a Reply", "Subscribe to our YouTube Channel", "pic.twitter.com/CzSceB9L4f",
        "Similar Posts", "MORE ON THE TOPIC:", "Sign up for our newsletter"]
STAY = ["Perennial hawk John Bolton", "69 tons of medicine", "Senior US officials traveled to Venezuela"]


def page(title: str, text: str, chrome: str = "") -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><nav><a href='/'>Home</a>{chrome}</nav><article><h1>{html.escape(title)}</h1>\n"
            f"{paragraphs}</article><footer>All rights reserved.</footer></body></html>")


def site(root: Path) -> list[str]:
    """The seeds as pages, the last one also linking to a near-duplicate copy under /mirror/
    (other chrome, straight quotes, a newsletter prompt in the text); the paths of the originals."""
    paths = []
    seeds = sorted(SEEDS.glob("*.txt"))
    for n, seed in enumerate(seeds):
        text, title = seed.read_text(encoding="utf-8"), f"Story {n}"
        link = "<a class='story' href='/mirror/copy.html'>Mirror</a>" if seed == seeds[-1] else ""
        write(root / f"{seed.stem}.html", page(title, text, link))
        paths.append(f"/{seed.stem}.html")
    copy = text.replace("\u2019", "'").replace("\n\n", "\n\nSign up for our newsletter!\n\n", 1)
    write(root / "mirror" / "copy.html", page(title, copy, "<a href='/about'>About us</a>"))
    write(root / "short.html", page("Brief", "Too short to keep."))
    links = "".join(f"<a class='story' href='{p}'>{p}</a>" for p in [*paths, "/short.html"])
    write(root / "index.html", f"<html><body>{links}</body></html>")
    return paths


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "site"
    paths = site(root)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", paths
    httpd.shutdown()
    httpd.server_close()


def test_crawl_feed_holds_the_clean_deduplicated_items(tmp_path, server):
    base, paths = server
    feed = tmp_path / "items.jsonl"
    write(tmp_path / "spider.py", SPIDER)
    env = {k: v for k, v in os.environ.items() if k != "CLEANER_CONFIG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "spider.py", f"{base}/index.html", str(feed)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    items = read_jsonl(feed)
    assert sorted(item["url"] for item in items) == sorted(base + p for p in paths)
    text = "\n".join(item["text"] for item in items)
    assert not [phrase for phrase in GONE if phrase in text]
    assert all(phrase in text for phrase in STAY)
    for item in items:
        assert "html" not in item and item["section"] == "world" and item["lang"] == "en"
        assert item["title"].startswith("Story ") and isinstance(item["trail"], list)
    log = proc.stderr
    assert re.search(rf"cleaner: \w+: [\w-]*duplicate \(duplicate_of={re.escape(base + paths[-1])}\b", log)
    assert "ScrapyDeprecationWarning" not in log
    assert "cleaner: min_length: too-short" in log
    assert "read 7 documents: kept 5, dropped 2" in log


def test_pipeline_without_a_crawl_handles_items_classes_and_text_fields():
    import scrapy
    from scrapy.exceptions import DropItem

    from cleaner import Cleaner
    from cleaner.contrib.scrapy import CleanerPipeline

    class Story(scrapy.Item):
        url, body, text, lang = scrapy.Field(), scrapy.Field(), scrapy.Field(), scrapy.Field()

    pipeline = CleanerPipeline(Cleaner(pipeline=["normalize", "language", "exact_dedup"]), text_field="body")
    item = pipeline.process_item(Story(url="u1", body=f"{ARTICLE}\u00a0"))
    assert dict(item) == {"url": "u1", "body": ARTICLE, "lang": "en"}
    with pytest.raises(DropItem, match="exact_dedup: duplicate .duplicate_of=u1"):
        pipeline.process_item(Story(url="u2", body=ARTICLE.upper()))
    with pytest.raises(DropItem, match="read: malformed-record"):
        pipeline.process_item({"url": "u3"})
    pipeline.close_spider()
    assert pipeline.cleaner.closed and json.dumps(pipeline.cleaner.stats.as_dict()["dropped"])


def test_an_order_free_keep_policy_stops_the_crawl_at_the_start(tmp_path):
    from scrapy.utils.test import get_crawler

    from cleaner.contrib.scrapy import CleanerPipeline

    cfg = write(tmp_path / "c.toml", 'pipeline = ["normalize", "exact_dedup"]\n[dedup]\nkeep = "longest"\n')
    with pytest.raises(ValueError, match="use keep = \"first\""):
        CleanerPipeline.from_crawler(get_crawler(settings_dict={"CLEANER_CONFIG": str(cfg)}))
