"""The user's words as a query of the `search_text` index (which api.graph.relations.SEARCH reads)."""

from __future__ import annotations

import re

# A word as the index's tokenizer (Lucene's StandardTokenizer, UAX#29) keeps it whole: letters and digits
# joined by an apostrophe or a dot ("o'brien", "node.js", "u.s", "3.5") or by a comma between digits
# ("1,000"). Splitting on those too made "O'Brien" or "Node.js" find nothing. None of these joiners means
# anything in Lucene's query syntax, so the words need no escaping; every other symbol separates words.
_WORD = re.compile(r"\w+(?:(?:['\u2019.]|(?<=\d),(?=\d))\w+)*", re.UNICODE)


def lucene_query(text: str) -> str | None:
    """Words of the user's text as prefix terms; Lucene syntax in the input is never interpreted."""
    words = _WORD.findall(text.lower())
    if not words:
        return None
    return " AND ".join(f"{word}*" for word in words)
