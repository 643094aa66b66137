from importlib.metadata import entry_points

from cleaner_example_plugin import captions

STORY = "Senior officials traveled to Caracas on Saturday for talks with the government."
CAPTION = "File image. The president speaks in Caracas. REUTERS/Jane Doe"


def test_registered_through_the_cleaner_entry_point_group():
    assert entry_points(group="cleaner")["captions"].load() is captions


def test_removes_a_captioned_photo_credit(run_pipeline):
    out = run_pipeline(f"{STORY}\n{CAPTION}\n{STORY}", pipeline=["captions"])
    assert out.text == f"{STORY}\n{STORY}" and out.removed == [("captions", "photo-caption", CAPTION)]


def test_keeps_prose_that_names_an_agency(run_pipeline):
    text = f"{STORY}\nThe visit was first reported by REUTERS on Sunday."
    assert run_pipeline(text, pipeline=["captions"]).removed == []


def test_settings_choose_the_labels(run_pipeline):
    text = f"Foto: Jane Doe\n{STORY}"
    assert run_pipeline(text, pipeline=["captions"]).text == text
    assert run_pipeline(text, pipeline=["captions"], plugins={"captions": {"labels": ["foto"]}}).text == STORY
