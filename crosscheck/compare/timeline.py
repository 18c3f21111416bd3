"""The story's dated events: every resolved date with the sentence it dates, merged across
articles when they date the same claim to the same day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from crosscheck.compare.records import Claim, Evidence, TimelineEvent
from crosscheck.records import Analysis, Article


def build_timeline(articles: Sequence[Article], analyses: Sequence[Analysis],
                   claims: Sequence[Claim]) -> tuple[TimelineEvent, ...]:
    claim_of = {(s.article_id, s.sentence): claim.id for claim in claims for s in claim.support}
    events: dict[tuple[str, object], list[tuple[Evidence, str, str]]] = defaultdict(list)
    for article, analysis in zip(articles, analyses):
        for date in analysis.dates:
            if not date.resolved:
                continue
            sentence = next((s for s in analysis.sentences if s.span.contains(date.span)), None)
            if sentence is None:
                continue
            claim = claim_of.get((article.id, sentence.index))
            key = (date.resolved, claim if claim is not None else (article.id, sentence.index))
            text = sentence.span.of(article.text)
            events[key].append((Evidence(article.id, sentence.span, text), date.phrase, text))
    timeline = [
        TimelineEvent(date=date, phrase=items[0][1], text=items[0][2],
                      evidence=tuple(dict.fromkeys(item[0] for item in items)),
                      claim=key if isinstance(key, int) else None)
        for (date, key), items in events.items()
    ]
    return tuple(sorted(timeline, key=lambda event: (event.date, event.text)))
