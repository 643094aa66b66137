from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaner import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Texts in several languages and scripts, by name: excerpts of wcxb-dev pages and texts written
# for the tests (the file's "_source" says which).
MULTILINGUAL = {k: v for k, v in json.loads((FIXTURES / "multilingual.json").read_text("utf-8")).items()
                if not k.startswith("_")}

ARTICLE = (
    "The city council approved a new budget for public libraries on Monday evening. "
    "Council members said the extra funds would pay for longer opening hours, new books "
    "for children and repairs to the roof of the central branch, which has leaked for years. "
    "Residents who spoke at the meeting welcomed the decision but asked for a mobile library "
    "to serve the villages north of the river, where no branch has opened since the nineties."
)


# The seeds' checks: phrases the default command must remove, and phrases it must keep.
GONE = [
    "Would love your thoughts, please comment",
    "Subscribe to our YouTube Channel",
    "The UK has only a few days to save Christmas",
    "Your Most Popular Questions",
    "Leave a Reply",
    "Your email address will not be published",
    "pic.twitter.com/CzSceB9L4f",
    "Similar Posts",
    "MORE ON THE TOPIC:",
    "Fake squared",
    "Clinton and Obama have blood on their hands",
]
STAY = [
    "has spent about $9 billion investing in Venezuelan oil",
    "Perennial hawk John Bolton",
    "69 tons of medicine",
    "Senior US officials traveled to Venezuela",
    "Yevgeny Prigozhin",
]

# Other stories, distinct enough that the near-duplicate step keeps them all.
STORIES = [
    "Fishermen in the northern harbour reported their best herring catch in a decade this week. "
    "Cold currents returned earlier than usual, and the cooperative hired twelve seasonal workers "
    "to salt and pack the fish before the ferries take the barrels south to the markets of the "
    "capital, where prices have doubled since the spring.",
    "A retired teacher has planted four hundred oak trees along the abandoned railway line east of "
    "town. She started alone nine years ago with acorns gathered in the cemetery; now pupils from "
    "three schools water the saplings every summer, and the regional council wants to turn the "
    "track into a cycling path shaded by her young forest.",
    "The orchestra cancelled its winter tour after the conductor broke his wrist on an icy pavement "
    "outside the concert hall. Ticket holders in five cities will be refunded, the management said, "
    "while the musicians will record a programme of Sibelius symphonies for radio instead of "
    "travelling during the coldest weeks of the year.",
]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(gzip.compress(raw, mtime=0) if path.suffix == ".gz" else raw)
    return path


class Run:
    """The outcome of one `cleaner run` inside the test process."""

    def __init__(self, out: Path, code: int, stderr: str) -> None:
        self.out, self.code, self.stderr = out, code, stderr
        self.rejects_path = out.with_name(out.stem + ".rejects.jsonl")

    @property
    def kept(self) -> list[dict]:
        return read_jsonl(self.out)

    @property
    def rejects(self) -> list[dict]:
        return read_jsonl(self.rejects_path)


@pytest.fixture
def run_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    def run(*args: str | Path, out: str = "out/clean.jsonl", quiet: bool = True) -> Run:
        target = tmp_path / out
        code = cli.main(["run", *map(str, args), "-o", str(target), *(["-q"] if quiet else [])])
        return Run(target, code, capsys.readouterr().err)

    return run


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """Install distributions of plugins on the import path: ``installed(dist, {name: code})``."""
    monkeypatch.syspath_prepend(str(tmp_path / "site"))

    def install(dist: str, modules: dict[str, str]) -> None:
        info = tmp_path / "site" / f"{dist}-1.0.dist-info"
        write(info / "METADATA", f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
        write(info / "entry_points.txt", "[cleaner]\n" + "".join(f"{n} = {dist}_{n}\n" for n in modules))
        for name, code in modules.items():
            write(tmp_path / "site" / f"{dist}_{name}.py", code)
    return install
