"""Quotes: direct, partial and reported speech, each with its speaker, cue and channel.

Direct and partial quotes start from the quote marks (``marks``); the cue is a speech
verb outside the marks in the sentences the quote touches (the one that governs the quote in
the parse, else the nearest), or the verb before a colon that introduces it. A quote with no
cue of its own continues the quote just before it ("...," the president said. "My answer
...") and takes its speaker. Reported speech is a speech verb with a clausal complement
("claimed that ...", "said Ukraine ...") or an "according to X" phrase.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, replace

from crosscheck.analyze.attributions import named_outlets, source_name
from crosscheck.analyze.quotes.scores import CueScores, score_docs
from crosscheck.analyze.quotes.tagger import clause_trimmed, tagged_attributions, trimmed_content
from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.quotes.cues import CueModel, load_model
from crosscheck.analyze.quotes.continuations import carried_speakers, paragraph_breaks, runs_on
from crosscheck.analyze.quotes.frames import as_frame, attributing_verb, phrase_after_quote
from crosscheck.analyze.quotes.marks import quoted_spans, quoted_tokens
from crosscheck.analyze.quotes.relays import according_source as _according_source
from crosscheck.analyze.quotes.relays import find_relay
from crosscheck.analyze.quotes.relays import is_according as _is_according
from crosscheck.analyze.quotes.polarity import (
    NEGATED,
    addressee,
    cue_words,
    is_addressed_passive,
    polarity,
    rejected_clause,
)
from crosscheck.analyze.quotes.speakers import (
    Resolved,
    SpeakerResolver,
    can_speak,
    phrase_span,
    quoted_speaker,
    speaker_phrase,
)
from crosscheck.analyze.quotes.tagger import tagged_speaker
from crosscheck.records import Article, Entity, Mention, Quote, Sentence, Span
from crosscheck.settings import QuoteSettings

log = logging.getLogger(__name__)
DEFAULT_SETTINGS = QuoteSettings()


@dataclass(frozen=True)
class _Cue:
    """What introduces a quote: the verb, and an "according to X" phrase when there is one."""

    verb: object | None  # spaCy Token
    according: object | None = None  # the "according" token


def find_quotes(
    doc,
    article: Article,
    mentions: tuple[Mention, ...],  # type: ignore[no-untyped-def]
    entities: tuple[Entity, ...],
    *,
    sentences: tuple[Sentence, ...] | None = None,
    settings: QuoteSettings = DEFAULT_SETTINGS,
    cue_model: CueModel | None = None,
    cue_scores: CueScores | None = None,
    index: DocIndex | None = None,
) -> tuple[Quote, ...]:
    """Every quote in one article, in reading order.

    ``doc`` is the spaCy parse of ``article.text``; ``sentences``, when given, are the
    analysis's sentences, so that ``Quote.sentence`` indexes them (else the doc's non-empty
    sentences are counted). ``cue_model`` replaces the fitted cue model (``cues.json``);
    reported speech falls back to the hand-listed cues when there is none. ``cue_scores``,
    the model's scores of this parse when already computed in a batch (``score_cues``).
    ``index`` is the Doc's ``DocIndex`` when the caller has one.
    """
    index = index if index is not None else DocIndex.of(doc)
    text = index.text
    if not text.strip():
        return ()
    marks = quoted_spans(text)
    resolver = SpeakerResolver(doc, mentions, entities, quoted=marks, index=index)
    model = cue_model if cue_model is not None else _default_model(settings)
    builder = _Builder(index, resolver, settings, sentences, model, cue_scores)
    quotes = builder.marked_quotes(marks)
    quotes += builder.reported_speech(marks, quotes)
    quotes = resolver.with_last_speakers(carried_speakers(quotes, text), text)
    return tuple(_without_nested_beliefs(quotes, settings, text))


def score_cues(  # type: ignore[type-arg]
    docs: list, *, settings: QuoteSettings = DEFAULT_SETTINGS, indexes: list | None = None
) -> list[CueScores | None]:
    """The default cue model's scores of several parses at once (one tagger pass), for
    ``find_quotes(..., cue_scores=)``; Nones when no learned model is used. ``indexes``, the
    docs' ``DocIndex`` when the caller has them."""
    model = _default_model(settings)
    if model is None:
        return [None] * len(docs)
    return list(score_docs(model, docs, indexes=indexes))


def _default_model(settings: QuoteSettings) -> CueModel | None:
    return load_model() if settings.learned_cues else None


class _Builder:
    def __init__(
        self,
        index: DocIndex,
        resolver: SpeakerResolver,
        settings: QuoteSettings,  # type: ignore[no-untyped-def]
        sentences: tuple[Sentence, ...] | None,
        model: CueModel | None = None,
        cue_scores: CueScores | None = None,
    ) -> None:
        doc = index.doc
        self.doc = doc
        self.index = index
        self.model = model
        self.cue_scores = cue_scores
        self.text = index.text
        self.resolver = resolver
        self.settings = settings
        self.cue_lemmas = frozenset(settings.speech_verbs)
        self.stance_lemmas = frozenset(settings.stance_verbs)
        self.noun_lemmas = frozenset(settings.speech_nouns)
        self.reported_lemmas = (
            self.cue_lemmas | frozenset(settings.belief_verbs) | self.stance_lemmas
        )
        self.named = named_outlets(doc)
        self.sents = [
            sent
            for sent in index.sents
            if any(char.isalnum() for char in self.text[sent.start_char : sent.end_char])
        ]
        self.sent_starts = [sent.start_char for sent in self.sents]
        self.quoted_tokens = quoted_tokens(doc, resolver.quoted)
        self.mark_starts = [span.start for span in resolver.quoted]
        self.mark_ends = [span.end for span in resolver.quoted]
        self.sentence_starts = (
            [sentence.span.start for sentence in sentences]
            if sentences
            else [sent.start_char for sent in self.sents]
        )

    # --- quotes in quote marks ----------------------------------------------------------

    def marked_quotes(self, marks: tuple[Span, ...]) -> list[Quote]:
        quotes: list[Quote] = []
        for number, span in enumerate(marks):
            tokens = self._tokens(span)
            if not tokens:
                continue
            signed = self._dash_colon_name(span.start)
            if signed is not None:  # "Headline words - Ann Vey: “...”"
                quotes.append(self._quote(span, "direct", None, phrase=signed))
                continue
            cue = self._cue_for(span, tokens)
            if quotes and self._borrowed(cue, span, quotes[-1]):
                cue = None  # the verb attributes the quote before: this one goes on with it
            speaker = (self._colon_speaker(span.start) or self._colon_name(span.start)
                       or self._dash_name(span.end) if cue is None else None)
            if speaker is not None:
                quotes.append(self._quote(span, "direct", None, phrase=speaker))
                continue
            if cue is None and number + 1 < len(marks) and runs_on(self.text, span,
                                                                   marks[number + 1]):
                # its speaker is the one the paragraphs it runs into give (carried_speakers)
                quotes.append(self._quote(span, "direct", None))
                continue
            previous = quotes[-1] if quotes else None
            if cue is None and previous is not None and self._continues(previous, span):
                quotes.append(_continued(previous, span, self._sentence_index(span.start)))
                continue
            if cue is None and len(tokens) < self.settings.min_uncued_quote_words:
                continue  # a scare quote, title or nickname
            quotes.append(self._quote(span, self._kind(span), cue))
        return quotes

    def _borrowed(self, cue: _Cue | None, span: Span, previous: Quote) -> bool:
        """The cue found stands in another sentence than the quote, one that holds the
        previous quote's own cue ("“...,” Ann Vey said in a film that showed the yard.
        “...”": "showed" is no cue of the second quote)."""
        verb = cue.verb if cue is not None else None
        if verb is None or previous.cue_span is None or previous.speaker_span is None:
            return False
        sent = verb.sent
        if sent.start_char < span.end and span.start < sent.end_char:
            return False
        at = previous.cue_span.start
        return sent.start_char <= at < sent.end_char and verb.idx != at

    def _tokens(self, span: Span) -> list:  # type: ignore[type-arg]
        chars = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        return (
            [token for token in chars if not token.is_punct and not token.is_space] if chars else []
        )

    def _cue_for(self, span: Span, inside: list) -> _Cue | None:  # type: ignore[type-arg]
        """The speech verb outside the quote that introduces it, in the sentences it touches."""
        around = [
            token
            for sent in self._sentences_over(span.start - 2, self._after_marks(span.end) + 1)
            for token in sent
            if not (span.start <= token.idx < span.end)
        ]
        according = next((t for t in around if _is_according(t)), None)
        verbs = [
            t for t in around if t.lemma_.lower() in self.cue_lemmas and t.pos_ in ("VERB", "AUX")
        ]
        verbs = [t for t in verbs if not self._in_other_quote(t) and not _says_other(t, span)]
        governing = [v for v in verbs if any(v.i == a.i for t in inside for a in t.ancestors)]
        if governing:
            return _Cue(min(governing, key=lambda v: len(list(v.ancestors))), according)
        near = [v for v in verbs if _distance(v, span) <= 40]
        if near:
            return _Cue(min(near, key=lambda v: _distance(v, span)), according)
        introducer = (self._colon_introducer(span)
                      or attributing_verb(self.doc, self.text, span,
                                          self._after_marks(span.end), self.quoted_tokens)
                      or as_frame(self.doc, self.text, span, self.quoted_tokens))
        if introducer is not None:
            return _Cue(introducer, according)
        if according is not None:
            return _Cue(None, according)
        if len(inside) < self.settings.min_uncued_quote_words:
            return None  # a scare quote or a title: no words of anyone's
        verb = self._governing_verb(inside)
        return _Cue(verb) if verb is not None else None

    def _governing_verb(self, inside: list):  # type: ignore[no-untyped-def,type-arg]
        """The nearest verb outside the quote that the quote hangs from, when no speech verb
        introduces it and that verb has a speaker ("Ann Vey called him “a coward”",
        "the crowd chanted “...”", "as Tom Reed put it, “...”"): the words are its
        subject's."""
        words = {token.i for token in inside}
        for token in inside:
            head = token.head
            if head.i in words or head.i == token.i:
                continue
            for verb in (head, *head.ancestors):
                if verb.pos_ == "VERB" and not self._in_other_quote(verb):
                    found = speaker_phrase(verb)
                    return verb if found is not None and can_speak(found[1]) else None
            return None
        return None

    def _mostly_quoted(self, content: Span) -> bool:
        """Reported content that is nearly all quoted is that quote's cue, not a new quote.

        Quote spans are in text order and never overlap: their starts and ends both sort.
        """
        marks = self.resolver.quoted
        first = bisect.bisect_right(self.mark_ends, content.start)
        last = bisect.bisect_left(self.mark_starts, content.end)
        covered = sum(
            max(0, min(content.end, m.end) - max(content.start, m.start)) for m in marks[first:last]
        )
        return covered >= self.settings.reported_quoted_share * len(content)

    def _after_marks(self, end: int) -> int:
        """Where the text goes on after a quote's closing marks and spaces: the parser often
        starts a sentence there ("“Who are they?” Ann Vey said"), and that sentence's verb
        is the quote's cue."""
        rest = self.text[end : end + 8]
        return end + len(rest) - len(rest.lstrip(CLOSING_MARKS + " "))

    def _sentences_over(self, start: int, end: int) -> list:  # type: ignore[type-arg]
        """The sentences that overlap [start, end), found by bisection (long texts stay fast)."""
        first = max(bisect.bisect_right(self.sent_starts, start) - 1, 0)
        last = bisect.bisect_left(self.sent_starts, end)
        return [sent for sent in self.sents[first:last] if sent.end_char > start]

    def _in_other_quote(self, token) -> bool:  # type: ignore[no-untyped-def]
        return token.i in self.quoted_tokens

    def _colon_introducer(self, span: Span):  # type: ignore[no-untyped-def]
        """`X said:` ending the text just before the opening mark, in its paragraph or as
        the paragraph before ("Ann Vey went on:" over a quote of its own)."""
        window = max(0, span.start - 12)
        before = self.text[window : span.start].rstrip(" \t\n“\"„«'`")
        if not before.endswith(":"):
            return None
        at = window + len(before) - 1
        colon = self.doc.char_span(at, at + 1, alignment_mode="expand")
        if colon is None:
            return None
        sent = self.sents[max(bisect.bisect_right(self.sent_starts, colon.start_char) - 1, 0)]
        verbs = [t for t in sent if t.i < colon.start and t.lemma_.lower() in self.cue_lemmas]
        if verbs:
            return verbs[-1]
        # any verb just before the colon whose subject can speak ("leaned in and boomed:")
        last = next((t for t in reversed(sent[: colon.start - sent.start])
                     if t.pos_ == "VERB" and not self._in_other_quote(t)), None)
        if last is None or last.i + 3 < colon.start:
            return None
        found = speaker_phrase(last)
        return last if found is not None and can_speak(found[1]) else None

    def _kind(self, span: Span) -> str:
        """Direct when the quote opens its sentence or follows a comma or colon, else partial."""
        text = self.text
        line_start = text.rfind("\n", 0, span.start) + 1
        before = text[line_start : span.start].rstrip().rstrip("“\"„«'`").rstrip()
        if not before or before[-1] in ".:,!?;—–-":
            return "direct"
        return "partial"

    def _continues(self, previous: Quote, span: Span) -> bool:
        if previous.speaker_span is None or previous.kind == "indirect":
            return False
        text = self.text
        if paragraph_breaks(text, previous.span.end, span.start) > 1:
            return False
        first = bisect.bisect_left(self.sent_starts, previous.span.end)
        between = [
            sent
            for sent in self.sents[first : bisect.bisect_left(self.sent_starts, span.start)]
            if sent.end_char <= span.start and not _attributes(sent, previous)
        ]
        return len(between) <= self.settings.continuation_gap_sentences

    # --- reported speech ----------------------------------------------------------------

    def reported_speech(self, marks: tuple[Span, ...], marked: list[Quote]) -> list[Quote]:
        quotes = (
            self._learned_speech(marked) if self.model is not None else self._listed_speech()
        )
        lower = self.index.lower  # a token whose lower case is ":" is the text ":"
        for sent in self.sents:
            at = next((k for k in range(sent.start, sent.end) if lower[k] == ":"), None)
            if at is None or at in self.quoted_tokens:
                continue
            colon = self.index.tokens[at]
            speaker = self._colon_speaker(colon.idx + 1)
            content = (
                self._tokens_span(sent[colon.i - sent.start + 1 :]) if speaker is not None else None
            )
            if content is not None and not self._mostly_quoted(content):
                quotes.append(self._quote(content, "indirect", None, phrase=speaker))
        return quotes

    def _learned_speech(self, marked: list[Quote]) -> list[Quote]:
        """Each word's best-scoring candidate content above the model's threshold; of two
        cues for one content (shared words / the longer's words >= 0.5), the surer one, and
        none for the content of a quote in marks ("“It is over,” he said, according to X")."""
        scores = self.cue_scores or score_docs(
            self.model, [self.doc], [self.quoted_tokens], indexes=[self.index]
        )[0]
        threshold = self.settings.cue_threshold
        threshold = scores.threshold if threshold is None else threshold
        best: dict[int, tuple[float, object]] = {}
        for probability, (_, candidate) in zip(scores.probabilities, scores.items):
            index = candidate.cue.i
            if probability >= threshold and (index not in best or probability > best[index][0]):
                best[index] = (probability, candidate)
        chosen = []
        trim = self.settings.tagged_content_floor
        clause = self.settings.tagged_clause_floor
        for index, (probability, candidate) in sorted(best.items()):
            tokens = candidate.tokens
            if trim is not None:
                tokens = trimmed_content(tokens, scores.logits, floor=trim)
            if clause is not None:
                tokens = clause_trimmed(tokens, candidate.anchor, scores.logits, floor=clause)
            content = self._tokens_span(tokens)
            if content is not None and not self._mostly_quoted(content):
                chosen.append((probability, index, content))
        cue_floor = self.settings.tagged_cue_floor
        if cue_floor is not None:
            # the tagger's own attributions where no kept lexical cue stands; below every
            # lexical one, so a lexical content wins a shared content
            for token, tokens in tagged_attributions(
                self.doc, scores.logits, set(best), cue_floor=cue_floor,
                content_floor=self.settings.tagged_proposal_content_floor,
                gap=self.settings.tagged_proposal_gap, snap=self.settings.tagged_proposal_snap,
                bridge=self.settings.tagged_proposal_bridge,
            ):  # fmt: skip
                if token.i in self.quoted_tokens or not _can_cue(token):
                    continue
                content = self._tokens_span(tokens)
                if content is not None and not self._mostly_quoted(content):
                    chosen.append((-1.0, token.i, content))
        kept = [self._words_in(quote.span) for quote in marked]
        quotes = []
        disjoint = self.settings.tagged_proposal_disjoint
        for rank, index, content in sorted(chosen, key=lambda item: -item[0]):
            words = self._words_in(content)
            if rank < 0 and (
                len(words) < self.settings.tagged_proposal_min_words
                or (disjoint and any(words & other for other in kept))
            ):
                continue  # a proposal too short, or over a kept content
            if any(
                len(words & other) >= self.settings.cue_same_content * max(len(words), len(other))
                for other in kept
            ):
                continue
            kept.append(words)
            token = self.doc[index]
            if _is_according(token):
                quotes.append(self._quote(content, "indirect", _Cue(None, token)))
                continue
            phrase = self._tagged_speaker(token, words, scores.logits)
            quotes.append(self._quote(content, "indirect", _Cue(token, None), phrase=phrase))
        return quotes

    def _tagged_speaker(self, cue, content: set[int], logits):  # type: ignore[no-untyped-def]
        """The tagger's speaker for a learned cue where it corrects the parse, else None."""
        floor = self.settings.tagged_speaker_floor
        if floor is None:
            return None
        override = self.settings.tagged_speaker_override
        return tagged_speaker(cue, content, logits, floor=floor, override=override)

    def _words_in(self, span: Span) -> set[int]:
        """Token indices of the words (not punctuation or space) over ``span``."""
        chars = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        is_word = self.index.is_word
        return {i for i in range(chars.start, chars.end) if is_word[i]} if chars else set()

    def _listed_speech(self) -> list[Quote]:
        quotes = []
        for token in self.doc:
            if token.i in self.quoted_tokens:
                continue
            content = self._reported_content(token)
            if content is None or self._mostly_quoted(content):
                continue
            if _is_according(token):
                quotes.append(self._quote(content, "indirect", _Cue(None, token)))
            else:
                quotes.append(self._quote(content, "indirect", _Cue(token, None)))
        return quotes

    def _colon_speaker(self, start: int):  # type: ignore[no-untyped-def]
        """The name in "Name: ..." opening a sentence or headline (no verb before the colon)."""
        before = self.text[:start].rstrip().rstrip("“\"„«'`").rstrip()
        if not before.endswith(":"):
            return None
        sent = self.sents[max(bisect.bisect_right(self.sent_starts, len(before) - 1) - 1, 0)]
        prefix = [t for t in sent if t.idx < len(before) - 1 and not t.is_space]
        if not 1 <= len(prefix) <= self.settings.colon_speaker_max_tokens:
            return None
        if (
            any(t.pos_ in ("VERB", "AUX") for t in prefix)
            or prefix[0].lower_ in self.settings.colon_labels
        ):
            return None
        # a name: a proper noun, or capitalised words (sentence-initial names are often tagged NOUN)
        if not any(t.pos_ == "PROPN" for t in prefix) and not all(
            t.is_title or t.is_punct for t in prefix
        ):
            return None
        # ... that ends as a name does: "Dalmora blast: ..." is a headline's topic, not a speaker
        last = next(t for t in reversed(prefix) if not t.is_punct) if any(
            not t.is_punct for t in prefix) else prefix[-1]
        if last.pos_ != "PROPN" and not (last.is_title or last.is_upper):
            return None
        return self.doc[prefix[0].i : prefix[-1].i + 1]

    def _dash_colon_name(self, start: int):  # type: ignore[no-untyped-def]
        """The name between a dash and the colon that opens a quote ("Polls agree - Ann
        Vey: “...”", the form of a digest that heads each excerpt with its topic and its
        author): the author speaks, whatever verb the topic words hold."""
        before = self.text[max(0, start - 80) : start].rstrip().rstrip("“\"„«'`").rstrip()
        if not before.endswith(":"):
            return None
        dash = max(before.rfind(" - "), before.rfind(" — "), before.rfind(" – "))
        if dash < 0:
            return None
        offset = start - 80 if start > 80 else 0
        words = self.doc.char_span(offset + dash + 3, offset + len(before) - 1,
                                   alignment_mode="contract")
        if words is None or not 1 <= len(words) <= self.settings.colon_speaker_max_tokens:
            return None
        if any(t.pos_ in ("VERB", "AUX") or not _name_word(t) for t in words):
            return None
        return words

    def _colon_name(self, start: int):  # type: ignore[no-untyped-def]
        """A person's name ending the words before a quote's colon ("..., such as the
        engineer Ann Vey:"), with no speech verb: that person speaks."""
        before = self.text[:start].rstrip().rstrip("“\"„«'`").rstrip()
        if not before.endswith(":"):
            return None
        ends = [ent for ent in self.doc.ents
                if ent.label_ == "PERSON" and ent.end_char == len(before) - 1]
        return ends[0] if ends else None

    def _dash_name(self, end: int):  # type: ignore[no-untyped-def]
        """A person's name after a dash that follows the quote ("“...” ― Ann Vey, 25")."""
        after = self.text[end : end + 8]
        stripped = after.lstrip(" ”\"’',.")
        if stripped[:1] not in ("―", "—", "–", "-"):
            return None
        start = end + len(after) - len(stripped) + 1
        start += len(self.text[start : start + 3]) - len(self.text[start : start + 3].lstrip())
        names = [ent for ent in self.doc.ents if ent.label_ == "PERSON" and ent.start_char == start]
        if names:
            return names[0]
        first = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if first is None or first[0].pos_ != "PROPN" or first[0].ent_type_ not in ("", "PERSON"):
            return None
        last = first[0].i
        while last + 1 < len(self.doc) and self.doc[last + 1].pos_ == "PROPN":
            last += 1  # a name spaCy did not tag: its run of proper nouns
        return self.doc[first[0].i : last + 1]

    def _reported_content(self, token) -> Span | None:  # type: ignore[no-untyped-def]
        if _is_according(token):
            return self._according_content(token)
        lemma = token.lemma_.lower()
        if token.pos_ == "NOUN" and lemma in self.noun_lemmas:
            return self._noun_content(token)
        if token.pos_ not in ("VERB", "AUX") or lemma not in self.reported_lemmas:
            return None
        for child in token.children:
            if child.dep_ == "ccomp" or (
                child.dep_ == "xcomp" and lemma in self.settings.directive_verbs
            ):
                return self._clause_span(child)
        for child in token.children:  # "The risk is high, he said" parsed as parataxis
            if child.dep_ == "parataxis" and lemma in self.cue_lemmas and child.i < token.i:
                return self._clause_span(child)
        return self._object_span(token)  # "announced his engagement", "expects Clinton to win"
        return None

    def _noun_content(self, noun) -> Span | None:  # type: ignore[no-untyped-def]
        """ "his claim that ...", "Trump's support for ...": a speech noun with its owner."""
        if not any(child.dep_ == "poss" for child in noun.children):
            return None
        for child in noun.children:
            if child.dep_ in ("acl", "ccomp", "relcl") and any(
                g.lower_ == "that" and g.dep_ == "mark" for g in child.children
            ):
                return self._clause_span(child)
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in (
                "for",
                "of",
                "on",
                "against",
                "to",
                "about",
            ):
                objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                if objects:
                    return self._tokens_span(list(objects[0].subtree))
        return None

    def _object_span(self, verb) -> Span | None:  # type: ignore[no-untyped-def]
        """What a stance verb is about: "opposed the deal", "called for a ban", "accused X of Y"."""
        if speaker_phrase(verb) is None:
            return None
        # everything the verb governs to its right, up to a coordinated or subordinate clause
        parts = [
            c
            for c in verb.rights
            if c.dep_ not in ("punct", "cc", "conj", "advcl", "mark", "relcl")
        ]
        if not any(
            c.dep_ in ("dobj", "attr", "oprd", "prep", "ccomp", "xcomp", "dative") for c in parts
        ):
            return None
        first = min(part.left_edge.i for part in parts)
        last = max(part.right_edge.i for part in parts)
        tokens = [t for t in self.doc[first : last + 1] if not t.is_space]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in '”"’)':
            tokens.pop()
        words = [t for t in tokens if not t.is_punct]
        if len(words) < self.settings.min_object_words:
            return None
        return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))

    def _clause_span(self, head) -> Span | None:  # type: ignore[no-untyped-def]
        """Char span of a token's subtree, outer punctuation trimmed."""
        return self._tokens_span(head.subtree)

    def _tokens_span(self, words) -> Span | None:  # type: ignore[no-untyped-def]
        tokens = [t for t in words if not t.is_space]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in '”"’)':
            tokens.pop()
        while tokens and tokens[0].is_punct and tokens[0].text not in '“"(':
            tokens.pop(0)
        words = [t for t in tokens if not t.is_punct]
        if len(words) < self.settings.min_content_words:
            return None
        return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))

    def _according_content(self, token) -> Span | None:  # type: ignore[no-untyped-def]
        """The clause an "according to X" phrase stands behind, without the phrase itself."""
        head = token.head
        if head.i == token.i or not _according_source(token):
            return None
        phrase = {t.i for t in token.subtree}
        tokens = [t for t in head.subtree if t.i not in phrase and not t.is_space]
        while tokens and tokens[0].is_punct:
            tokens.pop(0)
        while tokens and tokens[-1].is_punct and tokens[-1].text not in '”"’)':
            tokens.pop()
        if len([t for t in tokens if not t.is_punct]) < max(2, self.settings.min_content_words):
            return None
        return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))

    # --- building records ---------------------------------------------------------------

    def _quote(self, span: Span, kind: str, cue: _Cue | None, *, phrase=None) -> Quote:  # type: ignore[no-untyped-def]
        verb = cue.verb if cue else None
        according = cue.according if cue else None
        if is_addressed_passive(verb):
            phrase = None  # "he was asked whether ...": he is the addressee, the asker unnamed
        elif verb is not None and quoted_speaker(verb) is not None:
            phrase = phrase_span(quoted_speaker(verb))  # "X was quoted by Y as saying"
        elif phrase is not None:
            pass  # a speaker named before a colon ("Trump: ..."), or marked by the tagger
        elif verb is not None:
            found = speaker_phrase(verb)
            phrase = found[1] if found else phrase_after_quote(self.doc, self.text, span, verb)
        elif according is not None:
            source_head = _according_source(according)
            phrase = phrase_span(source_head) if source_head is not None else None
        if phrase is not None and len(phrase) and not can_speak(phrase):
            phrase = None  # "Friday", "a flurry", "the facts": no one to credit
        resolved = self.resolver.resolve(phrase) if phrase is not None and len(phrase) else None
        outlet = source_name(phrase.root, self.named) if resolved is not None else None
        if outlet is not None:  # "the Times says": the speaker is the outlet, by its full name
            resolved = Resolved(outlet[0], resolved.entity)
        value = polarity(verb)
        rejected = rejected_clause(verb) if value == NEGATED else None
        if rejected is not None:  # "dismissed claims that X": the content is X, rejected
            span = Span(rejected[0].idx, rejected[-1].idx + len(rejected[-1].text))
        listener = addressee(verb)
        listener_phrase = phrase_span(listener) if listener is not None else None
        span, relay, relay_name = self._relayed(verb, according, span, phrase, resolved)
        return Quote(
            span=span,
            kind=kind,
            speaker=resolved.name if resolved else None,
            speaker_span=Span(phrase.start_char, phrase.end_char) if resolved else None,
            speaker_entity=resolved.entity if resolved else None,
            cue=cue_words(verb, value) if verb is not None else _cue_lemma(verb, according),
            cue_span=_cue_span(verb, according),
            channel=_channel(verb, according, self.settings, self.named),
            sentence=self._sentence_index(span.start),
            polarity=value,
            addressee=(self.resolver.resolve(listener_phrase).name
                       if listener_phrase is not None else None),
            addressee_span=(Span(listener_phrase.start_char, listener_phrase.end_char)
                            if listener_phrase is not None else None),
            anonymous=self.resolver.is_anonymous(phrase, resolved),
            relay=relay_name,
            relay_span=Span(relay.start_char, relay.end_char) if relay is not None else None,
        )

    def _relayed(self, verb, according, span: Span, phrase, resolved):  # type: ignore[no-untyped-def]
        """(content, relay phrase, relay name): who passed the words on ("X said ...,
        according to Y": X speaks, Y reports it) and the content less a closing "according
        to" phrase; no relay when it names the speaker again ("Ann Vey declared ...: “...,”
        she said")."""
        found = find_relay(verb, according, span, self.quoted_tokens, phrase,
                           lemmas=self.reported_lemmas)
        if found is None:
            return span, None, None
        relayed = self.resolver.resolve(found.phrase)
        if resolved is not None and relayed.name == resolved.name:
            return found.content, None, None
        return found.content, found.phrase, relayed.name or found.phrase.text

    def _sentence_index(self, char: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, char) - 1, 0)


def _continued(previous: Quote, span: Span, sentence: int) -> Quote:
    """A quote with no cue of its own that goes on with ``previous``: its speaker, cue and
    polarity, its own words."""
    return replace(previous, span=span, kind="direct", sentence=sentence)


def _attributes(sent, quote: Quote) -> bool:  # type: ignore[no-untyped-def]
    """The sentence is the quote's own attribution ("“...?” Ann Vey asked."), which the
    parser splits off after a question or exclamation mark: it does not part the quote
    from the one after it."""
    return any(span is not None and sent.start_char <= span.start < sent.end_char
               for span in (quote.cue_span, quote.speaker_span))


def _without_nested_beliefs(quotes: list[Quote], settings: QuoteSettings,
                            text: str) -> list[Quote]:
    """The quotes, less a belief inside what someone else said: in "Ann Vey told the paper
    that the mayor is trapped — the party presses him, but he knows his allies would balk",
    "he knows ..." is Vey's view of the mayor, not the mayor's words."""
    belief = frozenset(settings.belief_verbs) - frozenset(settings.speech_verbs)
    return [quote for quote in quotes if not (
        quote.cue is not None and quote.cue.split()[-1] in belief and quote.cue_span is not None
        and any(_reports(other, quote, belief, text) for other in quotes))]


def _reports(other: Quote, quote: Quote, belief: frozenset[str], text: str) -> bool:
    """``other`` is someone else's reported speech that ``quote``'s cue sits in: inside its
    content, or, for a belief of a he/she/they, after the start of its content in the same
    sentence (a content the tagger trimmed before the end of the clause); "Jones believes"
    after "Smith said ..." is Jones's own."""
    if other is quote or other.speaker == quote.speaker or other.cue_span is None:
        return False
    if other.cue is None or other.cue.split()[-1] in belief or quote.cue_span is None:
        return False
    if other.span.contains(quote.cue_span):
        return True
    pronoun = quote.speaker_span is not None and quote.speaker_span.of(text).lower() in (
        "he", "she", "they")
    return (pronoun and other.sentence == quote.sentence
            and other.cue_span.end <= other.span.start <= quote.cue_span.start)


CLOSING_MARKS = "”\"’'»"

# Parts of speech that never introduce what someone said on their own.
NO_CUE_POS = frozenset({"ADP", "DET", "PRON", "PUNCT", "CCONJ", "SCONJ", "PART", "NUM",
                        "SYM", "SPACE"})


def _can_cue(token) -> bool:  # type: ignore[no-untyped-def]
    """A word that can introduce what someone said: a verb, a noun of speech ("a statement
    that"), an adverb ("reportedly"), or "according"; a preposition ("the port chief over
    the blast") or a determiner cannot."""
    return token.pos_ not in NO_CUE_POS or _is_according(token)


def _name_word(token) -> bool:  # type: ignore[no-untyped-def]
    """A word of a name or of names joined ("PollWatch", "Ann Vey and Tom Reed"): it
    starts with a capital, or joins two names."""
    return token.text[:1].isupper() or token.is_punct or (
        token.dep_ == "cc" and token.lower_ in ("and", "&"))


def _says_other(verb, span: Span) -> bool:  # type: ignore[no-untyped-def]
    """A verb of a sentence beside the quote that has a clause of its own ("Police said the
    road was shut. "It will take days," ..."): it is that clause's cue, not the quote's."""
    sent = verb.sent
    if sent.start_char < span.end and span.start < sent.end_char:
        return False
    return any(child.dep_ == "ccomp" and child.idx > verb.idx for child in verb.children)


def _distance(token, span: Span) -> int:  # type: ignore[no-untyped-def]
    """Characters between a token and a span (0 when touching)."""
    if token.idx >= span.end:
        return token.idx - span.end
    return max(0, span.start - (token.idx + len(token.text)))


def _cue_lemma(verb, according) -> str | None:  # type: ignore[no-untyped-def]
    if verb is not None:
        return verb.lemma_.lower()
    return "according to" if according is not None else None


def _cue_span(verb, according) -> Span | None:  # type: ignore[no-untyped-def]
    if verb is not None:
        return Span(verb.idx, verb.idx + len(verb.text))
    if according is not None:
        end = max(t.idx + len(t.text) for t in according.children if t.lower_ == "to")
        return Span(according.idx, end)
    return None


def _channel(verb, according, settings: QuoteSettings, named: tuple[str, ...]) -> str | None:  # type: ignore[no-untyped-def]
    """How the words reached the article: "told The New York Times", "tweeted", ..."""
    if verb is not None and verb.lemma_.lower() == "tell":
        for child in verb.children:
            source = source_name(child, named) if child.dep_ in ("dobj", "dative", "iobj") else None
            if source is not None:
                return "told " + source[0]
    if according is not None:
        head = _according_source(according)
        source = source_name(head, named) if head is not None else None
        if source is not None:
            return "according to " + source[0]
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "during"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and objects[0].lemma_.lower() in settings.channel_nouns:
                return verb.doc[child.i : objects[0].i + 1].text
    if verb.lemma_.lower() in ("tweet", "post", "write"):
        return verb.text.lower()
    return None
