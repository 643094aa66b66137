"""Remove subscribe, newsletter, follow-us and donate prompts, one line at a time.

A prompt is an imperative at the start of a line or of a clause after ":", "!", "?", "|" or
a dash ("Don't miss our videos: Subscribe to our YouTube channel"), aimed at the reader
("our", "us") or at a channel, newsletter or network. Prose that mentions subscribing,
following or donating ("Millions subscribe to his channel") stays, and so do reported
speech ("..., he told fans") and any line longer than ``max_chars``.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache

from cleaner import Document, Removal, hookimpl
from cleaner.spans import lines, remove_lines

_F = re.IGNORECASE

# Start of a line (after bullets) or of a clause; an optional "please".
_IMP = (
    r"(?:^[\s*•>|#–—-]*|[:!?|•»]\s*|\s[-–—]\s*)"
    r"(?:please\s+|bitte\s+|por\s+favor,?\s+|s['’]il\s+vous\s+pla[iî]t,?\s+)?"
)
_SUBSCRIBE_VERB = (
    r"(?:subscribe|abonnieren(?:\s+sie)?|abonniere|abonniert|suscr[ií]b(?:ete|ase|anse)"
    r"|abonnez-vous|abonne-toi)"
)
_PLATFORMS = (
    r"(?:twitter|facebook|instagram|telegram|youtube|tiktok|linkedin|gab|gettr|truth\s+social"
    r"|vk|vkontakte|mastodon|threads|rumble|bitchute|odysee|parler|minds|whatsapp|pinterest"
    r"|reddit|x|social\s+media|social\s+networks?|redes\s+sociales|réseaux\s+sociaux"
    r"|sozialen\s+(?:medien|netzwerken))"
)

_NEWSLETTER = re.compile(
    _IMP
    + r"(?:(?:"
    + _SUBSCRIBE_VERB
    + r"|sign\s*-?\s*up|register|join|get|receive|bestellen\s+sie|melden\s+sie\s+sich"
    r"|inscr[ií]b(?:ete|ase)|recib[ae]|inscrivez-vous|recevez)\b.{0,60}?"
    r"\b(?:newsletters?|mailing\s+list|e-?mail\s+(?:list|updates|alerts|digest)|infolettre"
    r"|lettre\s+d['’]information|bolet[ií]n)"
    r"|newsletter(?:\s+(?:sign-?up|abonnieren|anmeldung))?\W*$"
    r"|enter\s+your\s+e-?mail(?:\s+address)?\s+(?:to|and|below))",
    _F,
)
_DONATE = re.compile(
    _IMP
    + r"(?:donate|make\s+a\s+(?:one-time\s+|monthly\s+)?(?:donation|contribution)|chip\s+in"
    r"|become\s+a\s+(?:patron|member|supporter|sustaining\s+member)"
    r"|support\s+(?:us|our\s+(?:work|journalism|reporting|site|mission|independent)"
    r"|independent\s+(?:journalism|media|news)|this\s+(?:site|website|blog|channel|work))"
    r"|buy\s+(?:me|us)\s+a\s+coffee|jetzt\s+spenden|spenden\s+sie|spende\s+jetzt"
    r"|unterstützen\s+sie\s+(?:uns|unsere\s+arbeit|unabhängigen\s+journalismus)|unterstütze\s+uns"
    r"|dona\s+(?:ahora|aquí|hoy|ya)|haz\s+una\s+donación|apóyanos"
    r"|apoya\s+(?:nuestro|nuestra|el\s+periodismo)"
    r"|faites\s+un\s+don|faire\s+un\s+don|soutenez(?:-nous|\s+notre|\s+le\s+journalisme))\b",
    _F,
)
_FOLLOW = re.compile(
    _IMP
    + r"(?:(?:follow|like|join|find|connect\s+with)\s+us|folg(?:en\s+sie|e|t)\s+uns"
    r"|s[ií]g(?:uenos|anos)|únete\s+a\s+nosotros|suivez-nous|suis-nous|rejoignez-nous"
    r"|retrouvez-nous)\b"
    r"(?:.{0,40}?\b" + _PLATFORMS + r"\b|\s*[:@]|\W*$)"
    r"|" + _IMP + r"follow\s+@\w+",
    _F,
)
_SUBSCRIBE = re.compile(
    _IMP
    + r"(?:(?:"
    + _SUBSCRIBE_VERB
    + r"\b.{0,60}?|(?:join|follow)\s+(?:our|my)\b.{0,40}?)"
    r"\b(?:channel|youtube|podcast|rss|feed|kanal|canal|chaîne|telegram|rumble|bitchute"
    r"|odysee|brighteon)\b"
    r"|" + _SUBSCRIBE_VERB + r"(?:\s+(?:now|today|here|for\s+free|jetzt|hier|ahora|aquí"
    r"|maintenant|ici))?\W*$"
    r"|(?:don['’]t|do\s+not|never)\s+miss\s+(?:out\s+on\s+)?(?:our|any|a)\b.{0,50}?"
    r"\b(?:videos?|episodes?|reports?|stor(?:y|ies)|updates?|posts?|podcasts?))",
    _F,
)


# Reported speech is prose, not a prompt: "Subscribe to our channel, he told his fans."
_REPORTED = re.compile(
    r"\b(?:said|says|told|tells|wrote|writes|added|according\s+to|sagte|schrieb|dijo|escribió"
    r"|a\s+déclaré|a\s+dit|a\s+écrit)\b",
    _F,
)


@dataclass
class Settings:
    """Per-kind switches; `max_chars`: longer lines are never removed; `extra_patterns`:
    more prompt lines (case-insensitive regexes searched in each line)."""

    newsletter: bool = True
    donate: bool = True
    follow: bool = True
    subscribe: bool = True
    max_chars: int = 300
    extra_patterns: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        _compile(tuple(self.extra_patterns))


@lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, _F) for p in patterns)


@hookimpl
def cleaner_settings() -> type:
    return Settings


def _kind(content: str, settings: Settings) -> str | None:
    """The kind of prompt `content` is, or None."""
    rules = (
        (settings.newsletter, _NEWSLETTER, "newsletter"),
        (settings.donate, _DONATE, "donate"),
        (settings.follow, _FOLLOW, "follow-us"),
        (settings.subscribe, _SUBSCRIBE, "subscribe"),
    )
    if not _REPORTED.search(content):
        for enabled, pattern, kind in rules:
            if enabled and pattern.search(content):
                return kind
    if any(p.search(content) for p in _compile(tuple(settings.extra_patterns))):
        return "prompt"
    return None


@hookimpl
def cleaner_remove(doc: Document, settings: Settings) -> list[Removal]:
    out: list[Removal] = []
    for line in lines(doc.text or ""):
        content = line.content.strip()
        if content and len(content) <= settings.max_chars:
            kind = _kind(content, settings)
            if kind:
                out += remove_lines([line], kind)
    return out
