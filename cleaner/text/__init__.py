"""The text toolkit that steps and plugin authors share.

- ``cleaner.text.encoding``: input bytes to text (or "binary"), whatever their encoding.
- ``cleaner.text.spans``: a text's lines and sentences with their offsets; removals made,
  merged and applied.
- ``cleaner.text.prefilter``: regexes that skip, cheaply, the texts they cannot match.
- ``cleaner.text.fold``: folding accents away, to compare words.
- ``cleaner.text.words``: counting words in every script.
"""
