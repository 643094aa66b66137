"""Tests for the credits plugin: bylines, sources, captions and photo credits, reporter
credits, reading times and date lines; author and source move into the record."""
import re

import pytest

from cleaner import Document
from cleaner.text.spans import apply, merge, tidy
from cleaner_plugins import credits

ARTICLE = "\n\n".join(
    [
        "The ferry company added a second evening crossing to the island on Friday.",
        "Demand has grown since the bridge closed for repairs, a spokeswoman said.",
        "The extra crossing will run until the end of October, weather permitting.",
        "Islanders had asked for a later boat for years, mainly for shift workers.",
        "Tickets for the new crossing cost the same as for the daytime boats.",
    ]
)


def run(text: str, doc: Document | None = None, **settings) -> tuple[str, set[str], Document]:
    doc = doc or Document(id="t", source="t")
    doc.text = text
    removals = list(credits.cleaner_remove(doc=doc, settings=credits.Settings(**settings)))
    return tidy(apply(text, merge(removals, len(text)))), {r.kind for r in removals}, doc


def assert_kept(text: str) -> None:
    doc = Document(id="t", source="t", text=text)
    assert list(credits.cleaner_remove(doc=doc, settings=credits.Settings())) == []
    assert doc.author is None and "source_name" not in doc.meta


def test_settings():
    assert credits.Settings().extra_patterns == []
    with pytest.raises(re.error):
        credits.Settings(extra_patterns=["(unclosed"])
    assert_kept("")
    assert_kept(ARTICLE)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Marta Ruiz", "Marta Ruiz"),
        ("By Marta Ruiz and Tom Berg", "Marta Ruiz and Tom Berg"),
        ("By Jean-Luc Moreau | March 3, 2024", "Jean-Luc Moreau"),
        ("By Anna van der Berg - Staff reporter", "Anna van der Berg"),
        ("Von Max Mustermann", "Max Mustermann"),
        ("Por Ana García López", "Ana García López"),
        ("Par Jean Dupont", "Jean Dupont"),
    ],
)
def test_byline_at_the_top_moves_into_author(line, author):
    out, kinds, doc = run(f"{line}\n\n{ARTICLE}")
    assert out == ARTICLE
    assert kinds == {"byline"}
    assert doc.author == author


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Written by Tom Berg", "Tom Berg"),
        ("Posted by Ana Lima on March 3, 2024", "Ana Lima"),
        ("Author: Lena Novak", "Lena Novak"),
        ("Geschrieben von Lena Novak", "Lena Novak"),
        ("Escrito por Ana Lima", "Ana Lima"),
        ("Rédigé par Paul Girard", "Paul Girard"),
        ("03/04/2024 by Harbour Watch", "Harbour Watch"),
    ],
)
def test_explicit_byline_anywhere(line, author):
    text = f"{ARTICLE}\n\n{line}\n\n{ARTICLE}\n\n{ARTICLE}"
    out, kinds, doc = run(text)
    assert out == f"{ARTICLE}\n\n{ARTICLE}\n\n{ARTICLE}"
    assert kinds == {"byline"}
    assert doc.author == author


def test_byline_label_with_the_name_on_the_next_line():
    out, kinds, doc = run(f"{ARTICLE}\n\nWritten by\nLena Novak\n\n{ARTICLE}")
    assert out == f"{ARTICLE}\n\n{ARTICLE}"
    assert kinds == {"byline"}
    assert doc.author == "Lena Novak"
    assert_kept(f"{ARTICLE}\n\nWritten by\nthe harbour master himself, the note was brief.")


def test_byline_keeps_an_author_the_record_has():
    _, _, doc = run(f"By Marta Ruiz\n\n{ARTICLE}", Document(id="t", source="t", author="M. Ruiz"))
    assert doc.author == "M. Ruiz"


@pytest.mark.parametrize(
    "prose",
    [
        "By Monday, the ferry company had sold out the new crossing.",
        "By Sunday Night, the last boat had left, the skipper said.",
        "By the end of the year the bridge will reopen.",
        "Written by hand, the timetable was pinned to the harbour door.",
    ],
)
def test_by_in_prose_stays(prose):
    assert_kept(f"{prose}\n\n{ARTICLE}")


@pytest.mark.parametrize("line", ["By Rail Replacement Bus", "Published by Harbour Books"])
def test_bare_by_line_inside_the_text_is_a_heading_or_a_publisher(line):
    assert_kept("\n\n".join([ARTICLE, line, ARTICLE, ARTICLE]))


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Source: Harbour Gazette", "Harbour Gazette"),
        ("Quelle: dpa", "dpa"),
        ("Fuente: EFE", "EFE"),
        ("Source : AFP", "AFP"),
        ("Source: https://example.org/ferries", "https://example.org/ferries"),
    ],
)
def test_source_line_moves_into_meta(line, name):
    out, kinds, doc = run(f"{ARTICLE}\n\n{line}")
    assert out == ARTICLE
    assert kinds == {"source"}
    assert doc.meta["source_name"] == name


def test_source_that_is_a_sentence_stays():
    assert_kept(f"Source: Fishermen say the harbour will not reopen before the summer season begins\n\n{ARTICLE}")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("A crane lifts a piling at the north pier, March 3, 2024. REUTERS/Jane Doe", "caption"),
        ("The new evening ferry leaves the island. (AP Photo/Tom Berg)", "caption"),
        ("Passengers wait on the quay (Photo by Lena Novak/Getty Images)", "caption"),
        ("Photo: Getty Images", "photo-credit"),
        ("Photo credit: Marta Ruiz", "photo-credit"),
        ("Foto: dpa", "photo-credit"),
        ("Bild: Marta Ruiz", "photo-credit"),
        ("Imagen: EFE", "photo-credit"),
        ("Crédit photo : AFP", "photo-credit"),
        ("File photo: the harbour during the storm of 2019.", "photo-credit"),
        ("Image used under license from Shutterstock", "photo-credit"),
        ("Featured image via Unsplash", "photo-credit"),
    ],
)
def test_captions_and_photo_credits_are_removed(line, kind):
    out, kinds, _ = run(f"{ARTICLE}\n\n{line}\n\n{ARTICLE}")
    assert out == f"{ARTICLE}\n\n{ARTICLE}"
    assert kinds == {kind}


@pytest.mark.parametrize(
    "prose",
    [
        "Support for the new crossing rose to 40%, according to an AP/NORC poll.",
        "The tax credit: 30% of the cost of a new boat engine.",
        "The photo shows the harbour in 1950, when the ferry still ran on coal.",
        "Picture this: a ferry every hour, all night long.",
    ],
)
def test_caption_prose_stays(prose):
    assert_kept(f"{ARTICLE}\n\n{prose}\n\n{ARTICLE}")


@pytest.mark.parametrize(
    "line", ["(Reporting by Jane Doe; Editing by Tom Berg)", "(Marta Ruiz reports).", "Additional reporting by Lena Novak"]
)
def test_reporter_credits_are_removed(line):
    out, kinds, _ = run(f"{ARTICLE}\n\n{line}")
    assert out == ARTICLE
    assert kinds == {"reporter-credit"}


def test_reporter_prose_stays():
    assert_kept(f"{ARTICLE}\n\nediting by hand took the ferry company's clerks several weeks.\n\n{ARTICLE}")


@pytest.mark.parametrize(
    "line", ["5 min read", "12-minute read", "Reading time: 4 minutes", "Lesezeit: 3 Minuten",
             "Tiempo de lectura: 4 minutos", "Temps de lecture : 2 min"]
)
def test_reading_time_is_removed(line):
    out, kinds, _ = run(f"{ARTICLE}\n\n{line}\n\n{ARTICLE}")
    assert out == f"{ARTICLE}\n\n{ARTICLE}"
    assert kinds == {"reading-time"}


def test_reading_time_prose_stays():
    assert_kept(f"{ARTICLE}\n\nThe crossing takes 45 minutes, enough time to read a newspaper.\n\n{ARTICLE}")


@pytest.mark.parametrize(
    "line",
    ["Published March 3, 2024", "Last updated on 3 March 2024 at 10:15", "Aktualisiert am 3. März 2024",
     "Publicado el 3 de marzo de 2024", "Mis à jour le 3 mars 2024"],
)
def test_labelled_date_lines_are_removed_anywhere(line):
    out, kinds, _ = run(f"{ARTICLE}\n\n{line}\n\n{ARTICLE}\n\n{ARTICLE}")
    assert out == f"{ARTICLE}\n\n{ARTICLE}\n\n{ARTICLE}"
    assert kinds == {"dateline"}


def test_bare_date_goes_at_the_top_but_stays_inside_the_text():
    out, kinds, _ = run(f"March 3, 2024\n\n{ARTICLE}")
    assert out == ARTICLE
    assert kinds == {"dateline"}
    assert_kept("\n\n".join([ARTICLE, ARTICLE, "2024-03-03:", ARTICLE, ARTICLE]))


def test_switches_and_extra_patterns():
    text = f"By Marta Ruiz\n\n{ARTICLE}\n\nSource: Harbour Gazette\n\nVia the harbour desk"
    out, kinds, doc = run(text, bylines=False, sources=False, extra_patterns=[r"^via the harbour desk$"])
    assert out == f"By Marta Ruiz\n\n{ARTICLE}\n\nSource: Harbour Gazette"
    assert kinds == {"credit"}
    assert doc.author is None


def test_byline_sentence_at_the_end_of_a_long_line_goes_alone():
    # A page extracted as one line: the blog's "Posted by" footer is its last sentence.
    body = ARTICLE.replace("\n\n", " ") + " The harbour master expects full boats all summer."
    line = f"{body} Posted by Maria at March 4, 2024 9:30 PM |"
    assert len(body) > credits.MAX_LINE_CHARS
    out, kinds, doc = run(line)
    assert kinds == {"byline"}
    assert out == body
    assert doc.author == "Maria"


def test_long_line_with_by_in_its_prose_stays():
    body = ARTICLE.replace("\n\n", " ") + " The harbour master expects full boats all summer."
    assert_kept(f"{body} Written by hand in the harbour office, the logbook records every landing since 1952.")


@pytest.mark.parametrize(
    ("url", "line"),
    [
        ("https://www.harbourferries.example/news/1", "Harbour Ferries is a family firm from Oban. We sail to six islands."),
        ("https://tryferrylink.example/blog/2", "FerryLink, Inc."),
        ("https://inselfaehre.example/a", "Inselfaehre ist ein Familienunternehmen aus Kiel. Wir fahren seit 1950 zu den Inseln."),
        ("https://navierasur.example/b", "Naviera Sur es una empresa familiar de Cádiz. Nuestros barcos cruzan a diario."),
        ("https://bacs-iles.example/c", "Bacs Îles est une compagnie bretonne. Nous assurons six traversées par jour."),
        ("https://www.islandhop.example/d", "IslandHop Travel is a booking site for ferries. Our team answers every email."),
    ],
)
def test_publisher_blurb_at_the_end_is_removed(url, line):
    out, kinds, _ = run(f"{ARTICLE}\n\n{line}", Document(id="t", source="t", url=url))
    assert out == ARTICLE and kinds == {"publisher-blurb"}


@pytest.mark.parametrize(
    ("url", "text"),
    [  # another company, no "we", not at the end, no url
        ("https://www.harbourferries.example/", f"{ARTICLE}\n\nCalMac is a state-owned firm. We asked it for comment."),
        ("https://www.harbourferries.example/", f"{ARTICLE}\n\nHarbour Ferries is a family firm from Oban with six boats."),
        ("https://www.harbourferries.example/", f"{ARTICLE}\n\nThe Harbour Ferries is a fast boat. Our crew loves it."),
        ("https://www.harbourferries.example/", f"Harbour Ferries is a family firm. We sail to six islands.\n\n{ARTICLE}"),
        (None, f"{ARTICLE}\n\nHarbour Ferries is a family firm from Oban. We sail to six islands."),
        ("https://www.harbourferries.example/", f"{ARTICLE}\n\nThe harbour, ferries and buses are a system, we found."),
    ],
)
def test_publisher_blurb_needs_the_site_name_we_and_the_tail(url, text):
    doc = Document(id="t", source="t", url=url, text=text)
    assert list(credits.cleaner_remove(doc=doc, settings=credits.Settings())) == []


def test_site_names_come_from_the_host():
    assert credits.site_names("https://www.harbourferries.co.uk/a") == {"harbourferries"}
    assert credits.site_names("https://tryotter.com/") == {"tryotter", "otter"}
    assert credits.site_names("https://blog.ferry-link.example/") == {"ferrylink"}
    assert credits.site_names(None) == frozenset() and credits.site_names("file:///tmp/a.txt") == frozenset()


@pytest.mark.parametrize(
    "line",
    [
        "Hi, I'm Mara Lind, and I cover ferries and ports for the Courier. Before that I sailed for ten years.",
        "Hello there! I am Tom Reyes, our transport editor.",
        "Hallo, ich bin Lena Vogt und schreibe hier über Fähren und Häfen.",
        "Hola, soy Ana Ruiz y escribo sobre transporte marítimo.",
        "Bonjour, je suis Léa Martin, journaliste à la rédaction transports.",
    ],
)
def test_author_greeting_after_the_opening_lines_is_removed(line):
    out, kinds, _ = run(f"{ARTICLE}\n\n{line}\n\n{ARTICLE}")
    assert out == f"{ARTICLE}\n\n{ARTICLE}" and kinds == {"author-bio"}


@pytest.mark.parametrize(
    "text",
    [
        f"Hi, I'm Mara, and this is my ferry diary for the summer.\n\n{ARTICLE}",  # opens the post
        f"{ARTICLE}\n\nHey! I'm not sure the later boat will last, one islander said.\n\n{ARTICLE}",
        f"{ARTICLE}\n\nHello, I am writing to ask about the later crossing, a reader wrote.\n\n{ARTICLE}",
    ],
)
def test_greeting_that_opens_the_post_or_is_prose_stays(text):
    assert_kept(text)


@pytest.mark.parametrize(
    "line",
    ["Senior Transport Reporter", "Mara Lind, Ferries & Ports Correspondent", "Tom Reyes UK-based Freelance Writer",
     "Leitende Redakteurin", "Periodista", "Rédactrice"],
)
def test_name_and_job_title_at_the_edges_go(line):
    out, kinds, _ = run(f"{line}\n\n{ARTICLE}\n\n{line}")
    assert out == ARTICLE and kinds == {"author-bio"}


def test_job_title_inside_the_text_or_as_a_heading_stays():
    inside = "\n\n".join([ARTICLE, ARTICLE, "Senior Transport Reporter", ARTICLE, ARTICLE])
    assert_kept(inside)
    assert_kept(f"{ARTICLE}\n\nWhat Ferry Companies Tell Their Writers")


def test_dateline_that_ends_in_by_takes_the_name_on_the_next_line():
    out, kinds, doc = run(f"{ARTICLE}\n\nLast updated March 3, 2025 by\n\nMara Lind.")
    assert out == ARTICLE and kinds == {"byline"} and doc.author == "Mara Lind"
    assert_kept(f"{ARTICLE}\n\nLast updated March 3, 2025 by\n\nthe harbour office, which keeps the tide tables.")
    assert_kept(f"{ARTICLE}\n\nReleased:\n\nNovember 4, 2025 by\n\nHarbour Books\n\n{ARTICLE}")  # a publisher


def test_byline_that_opens_a_sentence_of_a_flattened_page_goes_alone():
    flat = " ".join(ARTICLE.split("\n\n")) * 2
    text = f"{flat} Posted by Mara Lind at May 3, 2021 11:15 AM Comments The later boat is a good idea."
    out, kinds, doc = run(text)
    assert kinds == {"byline"} and doc.author == "Mara Lind"
    assert out.endswith("weather permitting. Comments The later boat is a good idea.") or "Comments The later boat" in out
    assert "Posted by" not in out
    assert_kept(f"{flat} Posted by the council on May 3, 2021 the notice said the crossing would run.")
