"""Site boilerplate: learned per site across documents, in one CLI run or from a saved model."""
from __future__ import annotations

import json

from cleaner import Cleaner, Document, cli
from cleaner_plugins import boilerplate
from conftest import read_jsonl, write

STORIES = [
    "The river rose two metres overnight and flooded the lower town. Volunteers filled sandbags until dawn.",
    "A new bakery opened on the market square, selling rye bread baked in a wood-fired oven since 1890.",
    "The school board voted to extend the summer holidays by one week after a survey of parents.",
    "Engineers closed the old bridge for repairs after inspectors found cracks in two of its piers.",
]
SITE_LINES = ["Valley Gazette — your local news since 1921", "All content © Valley Gazette Media Group 2024"]
WIRE_QUOTE = '"We will rebuild everything that was lost," the mayor told reporters.'


def _page(i: int, story: str) -> str:
    return "\n".join([SITE_LINES[0], story, WIRE_QUOTE if i < 2 else "", f"Article number {i} of the day.", SITE_LINES[1]])


def test_lines_repeating_on_one_site_are_removed_from_every_copy_but_not_across_sites():
    learner = boilerplate.cleaner_learner(settings=boilerplate.Settings(min_docs=3))
    assert not learner.ready  # no saved model: it needs a first pass
    docs = [Document(id=f"g{i}", source="s", url=f"https://www.gazette.example/{i}", text=_page(i, s)) for i, s in enumerate(STORIES)]
    other = Document(id="o", source="s", url="https://other.example/x", text=f"{STORIES[0]}\n{WIRE_QUOTE}")
    for doc in [*docs, other]:
        learner.observe(doc)
    model = learner.model()
    removed = boilerplate.cleaner_remove(doc=docs[0], model=model)
    kinds = {docs[0].text[r.start:r.end].strip() for r in removed}
    # the site lines and the numbered line (digits normalised) repeat 4 times on this site;
    # the wire quote repeats across two sites but only twice on each: it stays
    assert kinds == {*SITE_LINES, "Article number 0 of the day."}
    assert boilerplate.cleaner_remove(doc=other, model=model) == []


def test_site_is_the_url_domain_else_the_source_folder():
    assert boilerplate.site(Document(id="a", source="x/y.txt", url="https://www.news.example/a")) == "news.example"
    assert boilerplate.site(Document(id="a", source="crawl-b/2024/y.txt")) == "crawl-b"
    assert boilerplate.site(Document(id="a", source="y.txt")) == ""


def test_line_keys_normalise_case_digits_punctuation_accents_line_by_line():
    first, second, dots, greek, final_sigma = boilerplate.line_keys(
        "Édition du 12 mars!\nedition du 34 MARS\n...\nΟΔΟΣ\nοδος\n")
    assert first == second and dots is None
    assert greek == final_sigma  # the last capital sigma of a line lowers to a final sigma
    assert boilerplate.line_keys("") == [] and boilerplate.line_keys("a\n\nb") == [boilerplate.line_keys("A")[0], None,
                                                                                     boilerplate.line_keys("B")[0]]


def _corpus(root):
    for i, story in enumerate(STORIES):
        write(root / "gazette" / f"{i}.txt", _page(i, story) + "\n" + " ".join(story.split()[::-1]))
    write(root / "herald" / "0.txt", f"{SITE_LINES[0]}\n{STORIES[1]}\n{WIRE_QUOTE}")


def test_one_cli_run_learns_and_removes_and_saves_a_model(tmp_path):
    _corpus(tmp_path / "in")
    model = tmp_path / "model.json"
    cfg = write(tmp_path / "config.toml", 'pipeline = ["normalize", "boilerplate"]\n'
                f'[plugins.boilerplate]\nmin_docs = 3\nmodel = "{model}"\n')
    for jobs in ("1", "2"):
        out = tmp_path / jobs / "clean.jsonl"
        assert cli.main(["run", str(tmp_path / "in"), "-o", str(out), "--config", str(cfg), "-j", jobs, "-q"]) == 0
        docs = {d["id"]: d for d in read_jsonl(out)}
        assert all(SITE_LINES[0] not in docs[f"gazette/{i}.txt"]["text"] for i in range(4))
        assert docs["gazette/0.txt"]["trail"][0] == {"plugin": "boilerplate", "kind": "site-boilerplate",
                                                     "chars": len(SITE_LINES[0]), "text": SITE_LINES[0]}
        assert docs["herald/0.txt"]["text"].startswith(SITE_LINES[0])  # another site: kept
        assert WIRE_QUOTE in docs["gazette/0.txt"]["text"]
        model.unlink() if jobs == "1" else None  # the second run learns afresh too
    assert (tmp_path / "1" / "clean.jsonl").read_bytes() == (tmp_path / "2" / "clean.jsonl").read_bytes()
    assert json.loads(model.read_text())["format"] == boilerplate.MODEL_FORMAT


def test_a_saved_model_serves_the_streaming_api(tmp_path):
    _corpus(tmp_path / "in")
    model = tmp_path / "model.json"
    cfg = write(tmp_path / "config.toml", f'pipeline = ["normalize", "boilerplate"]\n[plugins.boilerplate]\nmodel = "{model}"\n')
    assert cli.main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "--config", str(cfg), "-q"]) == 0
    config = {"pipeline": ["normalize", "boilerplate"], "plugins": {"boilerplate": {"model": str(model), "learn": False}}}
    with Cleaner(config) as cleaner:
        [doc] = cleaner.clean([{"text": f"{SITE_LINES[1]}\nA brand new story about the harbour.", "source": "gazette/new.txt"}])
    assert doc.text == "A brand new story about the harbour."


def test_the_api_streams_lazily_unless_asked_to_learn(tmp_path):
    def endless():
        i = 0
        while True:
            i += 1
            yield {"text": f"{SITE_LINES[0]}\nStory {i}: {STORIES[i % 4]}", "source": "gazette/x.txt"}

    with Cleaner({"pipeline": ["normalize", "boilerplate"]}) as cleaner:
        first = next(cleaner.clean(endless()))
    assert first.text.startswith(SITE_LINES[0])  # no model yet: nothing learned, nothing removed
    records = [{"text": f"{SITE_LINES[0]}\n{s}", "source": "gazette/x.txt"} for s in STORIES]
    with Cleaner({"pipeline": ["normalize", "boilerplate"]}) as cleaner:
        assert [d.text for d in cleaner.clean(records, learn=True)] == STORIES


def test_copies_of_one_page_do_not_make_its_lines_boilerplate():
    learner = boilerplate.Learner(boilerplate.Settings(min_docs=3))
    for i in range(4):
        learner.observe(Document(id=f"c{i}", source="site/a.txt", text=f"{SITE_LINES[0]}\n{STORIES[0]}"))
    for i in range(2):
        learner.observe(Document(id=f"d{i}", source="site/b.txt", text=f"{SITE_LINES[0]}\n{STORIES[i + 1]}"))
    doc = Document(id="x", source="site/x.txt", text=f"{SITE_LINES[0]}\n{STORIES[0]}")
    assert [doc.text[r.start:r.end].strip() for r in boilerplate.cleaner_remove(doc=doc, model=learner.model())] == [SITE_LINES[0]]
