"""Dedup of text written without spaces (Chinese, Japanese, Thai): shingles chosen by script."""
from __future__ import annotations

import numpy as np

from cleaner import Document
from cleaner.dedup import near
from cleaner.dedup.minhash import Params, Signer, _codes, shingles, spaceless
from cleaner_plugins import exact_dedup, near_dedup

# Two stories per language, on neighbouring subjects (weather, a city), as news sites run them.
ZH = [
    "受持续强降雨影响，广州市气象台昨日发布暴雨红色预警。截至今日上午八时，全市已有十二条道路积水严重，"
    "地铁三号线部分站点临时关闭。市防汛指挥部表示，已组织一千二百名抢险人员赶赴低洼地区，转移群众三千余人。\n"
    "气象专家指出，今年汛期来得比往年早，预计未来三天珠江三角洲仍有大到暴雨，局部地区可能出现特大暴雨，"
    "请市民尽量减少外出，远离河道和山体滑坡易发地段。",
    "广州市政府昨日宣布，将在未来五年内投资八十亿元改造老旧社区。改造内容包括加装电梯、更换供水管道、"
    "增设停车位和社区养老服务中心。首批试点将覆盖越秀区和荔湾区的四十个小区，预计惠及居民六万余户。\n"
    "市住房和城乡建设局负责人介绍，改造方案将充分听取居民意见，施工期间会尽量减少对居民日常生活的影响。",
]
JA = [
    "気象庁によりますと、発達した低気圧の影響で、関東地方では今夜から明日にかけて大雪となるおそれがあります。"
    "東京都心でも五センチの積雪が予想され、交通機関に大きな乱れが出る可能性があります。\n"
    "鉄道各社は、明日の朝は本数を減らして運転する予定だと発表しました。気象庁は、不要不急の外出を控え、"
    "路面の凍結による転倒や車のスリップ事故に十分注意するよう呼びかけています。",
    "東京都は、来年の春から都内の公立小学校で給食費を無償化する方針を固めました。対象となるのはおよそ六十万人の児童で、"
    "必要な予算は年間三百億円にのぼる見通しです。\n"
    "都の担当者は、物価の上昇が続くなか、子育て世帯の負担を軽くしたいと話しています。一方で、財源の確保について"
    "議会から慎重な意見も出ており、詳しい制度の設計はこれから進められます。",
]
TH = [
    "กรมอุตุนิยมวิทยาประกาศเตือนว่า ในช่วงสามวันข้างหน้าจะมีฝนตกหนักถึงหนักมากในหลายจังหวัดของภาคเหนือและภาคตะวันออกเฉียงเหนือ "
    "ประชาชนที่อาศัยอยู่บริเวณเชิงเขาและริมลำน้ำควรระวังอันตรายจากน้ำป่าไหลหลากและดินถล่ม\n"
    "ผู้ว่าราชการจังหวัดเชียงใหม่ได้สั่งการให้หน่วยงานที่เกี่ยวข้องเตรียมเครื่องสูบน้ำและเรือท้องแบนไว้ให้พร้อม "
    "พร้อมทั้งเปิดศูนย์พักพิงชั่วคราวในโรงเรียนสิบแห่งเพื่อรองรับผู้ที่ได้รับผลกระทบ",
    "กรุงเทพมหานครเปิดตัวโครงการปลูกต้นไม้หนึ่งล้านต้นทั่วเมือง เพื่อเพิ่มพื้นที่สีเขียวและลดฝุ่นละอองขนาดเล็ก "
    "โดยจะเริ่มจากสวนสาธารณะและริมถนนสายหลักในเขตชั้นในก่อน\n"
    "ผู้ว่าราชการกรุงเทพมหานครกล่าวว่า ประชาชนสามารถร่วมโครงการได้ด้วยการรับกล้าไม้ฟรีที่สำนักงานเขต "
    "และนำไปปลูกในชุมชนของตนเอง โดยทางเมืองจะช่วยดูแลต้นไม้ในช่วงปีแรก",
]
# What another site adds when it republishes the first story of each language.
LEADS = {"zh": ("新华社广州6月3日电（记者 李明）", "（责任编辑：王芳）"),
         "ja": ("【NHKニュース】", "この記事は午後六時に更新しました。"),
         "th": ("ข่าวด่วน: ", "ติดตามข่าวสารล่าสุดได้ทางเว็บไซต์ของเรา")}


def copies(text: str, lead: str, tail: str) -> list[str]:
    """The story as other sites run it: with their own lead and tail, punctuation in
    half-width forms and lines joined, the second paragraph cut short."""
    first, second = text.split("\n")
    return [f"{lead}{text}\n{tail}",
            text.replace("，", ",").replace("、", ",").replace("\n", " "),
            f"{lead}{first}\n{second[: len(second) // 2]}"]


def corpus() -> dict[str, tuple[list[str], list[str]]]:
    """Per language: the documents in order and the story each is a copy of."""
    out = {}
    for lang, stories in (("zh", ZH), ("ja", JA), ("th", TH)):
        texts = [stories[0], *copies(stories[0], *LEADS[lang]), stories[1]]
        out[lang] = (texts, ["a"] * 4 + ["b"])
    return out


def verdicts(texts: list[str], settings: near_dedup.Settings) -> list[str | None]:
    dedup = near_dedup.cleaner_deduplicator(settings)
    out = []
    for i, text in enumerate(texts):
        doc = Document(id=str(i), source="", text=text)
        drop = dedup.check(doc, near_dedup.cleaner_fingerprint(doc, settings))
        out.append(drop["duplicate_of"] if drop else None)
    return out


def test_text_without_spaces_is_shingled_by_characters():
    for lang, (texts, _) in corpus().items():
        assert spaceless(*_codes(texts[0])), lang
        words, auto = shingles(texts[0], "word", 3), shingles(texts[0], "auto", 3, 5)
        # a "word" there is a clause (in Thai, the letters between two marks): few shingles
        assert 4 * len(words) < len(auto) and len(auto) > 150, lang
        assert np.array_equal(auto, shingles(texts[0], "char", 5))
    english = "The council met on Monday. Ein kurzer Satz auf Deutsch, et une phrase française."
    assert not spaceless(*_codes(english)) and not spaceless(*_codes("東京 is a city in Japan with many people"))
    assert np.array_equal(shingles(english, "auto", 3), shingles(english, "word", 3))


def test_copies_are_found_and_other_stories_kept_in_chinese_japanese_and_thai():
    for lang, (texts, _) in corpus().items():
        assert verdicts(texts, near_dedup.Settings()) == [None, "0", "0", "0", None], lang


def test_the_char_ngram_of_auto_is_part_of_the_index_parameters():
    assert near.params(near.Settings(char_ngram=4)) != near.params(near.Settings())
    assert Signer(Params(char_ngram=4))(ZH[0]).tolist() != Signer(Params())(ZH[0]).tolist()
    assert Signer(Params(char_ngram=4))("plain English words").tolist() == Signer(Params())("plain English words").tolist()


def test_exact_key_ignores_spacing_and_punctuation_width_but_keeps_marks_that_tell_words_apart():
    for lang, (texts, _) in corpus().items():
        story = texts[0]
        assert exact_dedup.key(story) == exact_dedup.key(story.replace("，", ",").replace("。", ". ").replace("\n", "  ")), lang
        assert exact_dedup.key(story) != exact_dedup.key(texts[4]), lang
    # Thai tone marks and kana voicing marks make other words: "rice is expensive" / "white is expensive"
    assert exact_dedup.key("ข้าวราคาแพง") != exact_dedup.key("ขาวราคาแพง")
    assert exact_dedup.key("ばかり") != exact_dedup.key("はかり")
    assert exact_dedup.key("ｶﾞｽ料金") == exact_dedup.key("ガス料金")  # half-width kana composed
    assert exact_dedup.key("Café  au lait!") == exact_dedup.key("cafe au lait")
