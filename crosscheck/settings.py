"""One place for settings.

``Settings`` holds one section per pipeline stage. Every tuned constant says how it was
calibrated: on which data, against which benchmark (see BENCHMARKS.md). Each stage reads only
its own section; pass a modified copy (``dataclasses.replace``) to change one value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def cache_dir() -> Path:
    """Where built artefacts (the ONNX embedding model) live: never inside the repository."""
    return Path(os.environ.get("CROSSCHECK_CACHE") or Path.home() / ".cache" / "crosscheck")


@dataclass(frozen=True)
class ReadSettings:
    # A file (or, inside a JSONL or WARC container, one line or record) over this size is
    # rejected as "too-large" before it is read whole. 20 MB is far above any news page.
    max_bytes: int = 20 * 1024 * 1024
    # How much of a file's start is looked at to guess its kind when the extension does not say.
    sniff_bytes: int = 4096
    # A file whose bytes are more than this fraction C0 control characters (other than tab,
    # newlines, form feed and escape) is "binary". Text has none; random bytes have about 12%.
    binary_control_fraction: float = 0.02
    # HTML body extraction: trafilatura's default extraction in its fast mode (no readability /
    # jusText second pass). On scrapinghub-aeb (181 pages, one run, 2026-12-07) with comments
    # off: fast 0.962 F1 at 78 pages per CPU second, full default mode 0.960 at 56; the
    # precision mode with a default-mode fallback, used before, gave 0.970 at about half the
    # speed but stops after the introduction on some pages the default mode reads whole.
    html_fast: bool = True
    # On a page without an article, the default mode returns what it found instead (a menu and
    # the headline: "Home", "News", "Headline"); a body of fewer words is none. The shortest
    # body in scrapinghub-aeb has 18 words; a wire brief has a sentence or two.
    html_min_body_words: int = 12
    # Reader comments are not the article (AEB: 0.953 with them, 0.960 without).
    html_include_comments: bool = False
    # Drop "Related: ..." link lines and trailing page furniture ("Comments", "Follow us on
    # Twitter") that trafilatura keeps (AEB: 0.968 -> 0.970; see readers/page_tails.py).
    html_drop_page_tails: bool = True


@dataclass(frozen=True)
class CleanSettings:
    # Line rules. Word counts separating boilerplate shapes from body paragraphs, set by hand on
    # the shapes of prompts, bylines and related lists (the hand-written cases in
    # tests/test_clean_rules.py and seed 002), then checked on the L3S-GN1 calibration sites:
    # together the rules remove 4,764 boilerplate lines there and 60 content lines (mostly
    # fragments such as "|" that the labels count as full text).
    prompt_max_words: int = 40  # a longer line is a paragraph, whatever its words
    prompt_teaser_max_words: int = 25  # the pitch under "Subscribe to X"
    byline_max_words: int = 12  # "By Jane Doe, Example News Published"
    section_max_words: int = 3  # "International", "US Politics"
    headline_max_words: int = 30
    related_item_max_lines: int = 4  # headline, kicker/teaser, byline, date
    related_line_max_words: int = 40
    related_min_items: int = 2  # one entry alone is not a list
    prose_min_words: int = 8  # a body paragraph: this many words and a full stop
    bio_max_words: int = 150
    # Not an article ("too-short", clean/length.py): fewer body words than min_article_words
    # and none of them a content word of the headline (a site prompt or author box left alone
    # on its page), or fewer than min_body_words. Set by hand on the shortest cleaned pages
    # of giveme-dev and dossier-dev: prompts of 16-25 words that do not tell their headline,
    # real briefs of 19-39 words that do.
    min_article_words: int = 40
    min_body_words: int = 10
    # A line longer than this is cut into sentences before it is judged: a body given as one
    # paragraph (a JSONL text without line breaks) would otherwise be judged as one line. News
    # paragraphs are far shorter (L3S-GN1 full-text lines: 95% of 65 words or fewer, 99% of 103).
    long_line_words: int = 120
    # Second signal: a line in this many distinct (non-duplicate) articles of one outlet is
    # the outlet's boilerplate. Articles whose line sets overlap by more than
    # repeated_duplicate_overlap (Jaccard) are one article printed twice and count once.
    repeated_min_articles: int = 2
    repeated_duplicate_overlap: float = 0.5
    # Learned line scorer (crosscheck/clean/line_scorer.json): lines scored below the threshold
    # are removed as "low-content-score". 0.5 maximised content-line F1 on out-of-fold
    # second-pass scores of the L3S-GN1 calibration sites (python -m crosscheck.clean.fit:
    # 0.8475 at 0.5 and 0.55, 0.8450 at 0.4, 0.8466 at 0.6); re-checked with the evidence
    # features (crosscheck.clean.evidence) in a site-grouped 3-fold cross-validation over the
    # same sites: 0.866 at 0.5, 0.860 at 0.3.
    use_scorer: bool = True
    # The scorer judges only page text (crosscheck.clean.page_shape): at least page_min_furniture
    # lines of at most furniture_max_words words without a sentence end, and at least
    # page_min_furniture_share of the lines. Set from the counts in benchmarks/clean_input.py
    # (clean articles) against the L3S-GN1 and rendered AEB calibration pages.
    furniture_max_words: int = 4
    page_min_furniture: int = 6
    page_min_furniture_share: float = 0.15
    scorer_threshold: float = 0.5


@dataclass(frozen=True)
class AnalyzeSettings:
    """Per-article analysis (crosscheck.analyze).

    The word lists were written from newswire usage and checked by reading the output on the
    two seeds and on NeuS validation articles (benchmarks.analyze_speed texts); the numeric
    limits were set the same way. None is fitted to a gold score yet.
    """

    # spaCy entity labels kept as name mentions; numeric and time labels go to quantities/dates.
    mention_labels: tuple[str, ...] = (
        "PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW",
    )
    # Words that are titles, not names: stripped from an entity's name, kept as its roles.
    person_titles: tuple[str, ...] = (
        "president", "prime", "minister", "pm", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr",
        "dr.", "sen", "sen.", "senator", "rep", "rep.", "representative", "gov", "gov.",
        "governor", "mayor", "gen", "gen.", "general", "col", "col.", "lt", "lt.", "adm",
        "adm.", "admiral", "sgt", "sgt.", "capt", "capt.", "captain", "judge", "justice",
        "chancellor", "king", "queen", "prince", "princess", "pope", "sheikh", "chief",
        "secretary", "speaker", "leader", "ambassador", "commissioner", "director", "chairman",
        "chairwoman", "ceo", "vice", "deputy", "foreign", "defense", "defence", "state",
        "former", "opposition", "sir", "dame", "lord", "lady", "rev", "rev.", "saint", "st.",
        "professor", "prof", "prof.", "president-elect", "minister-elect", "crown",
        # ranks of the police and the forces, written out and abbreviated as newsrooms do
        "inspector", "insp", "insp.", "detective", "det", "det.", "sergeant", "constable",
        "const", "const.", "superintendent", "supt", "supt.", "lieutenant", "major", "maj",
        "maj.", "commander", "cmdr", "cmdr.", "cdr", "cdr.", "corporal", "cpl", "cpl.",
        "private", "pte", "pte.", "officer", "marshal", "asst", "asst.", "assistant", "ch",
        "ch.", "con", "con.", "pc", "dc", "dci", "brigadier", "colonel", "commodore",
        "sheriff", "coroner", "magistrate", "councillor", "councilman", "councilwoman",
        "congressman", "congresswoman", "assemblyman", "assemblywoman", "spokesman",
        "spokeswoman", "spokesperson", "publicist", "mx", "miss", "mme", "rabbi", "imam",
        "bishop", "archbishop", "cardinal", "reverend", "emperor", "empress", "duke", "duchess",
    )
    male_cues: tuple[str, ...] = ("mr", "mr.", "sir", "king", "prince", "lord", "man", "father",
                                  "son", "brother", "husband", "chairman", "spokesman")
    female_cues: tuple[str, ...] = ("mrs", "mrs.", "ms", "ms.", "dame", "queen", "princess",
                                    "lady", "woman", "mother", "daughter", "sister", "wife",
                                    "chairwoman", "spokeswoman")
    # How far back (in sentences) a pronoun or a role noun ("the president") may look for the
    # person it refers to. News paragraphs rarely carry a pronoun further than this.
    reference_window_sentences: int = 4
    # A sentence piece the parser split off inside one line is merged back into the previous
    # piece when that piece ends without sentence punctuation and either lacks a verb, or when
    # the piece has at most this many tokens (headline fragments, stray quote marks).
    fragment_max_tokens: int = 3
    # Vague amounts as ranges: the plural of a scale word means "at least two of them and
    # fewer than ten" ("thousands" = 2,000..9,999); "tens of thousands" multiplies it out to
    # 20,000..99,999. Newsroom usage (AP style), checked against the seeds' wording.
    vague_amounts: tuple[tuple[str, float, float], ...] = (
        ("tens", 20, 99), ("dozens", 24, 99), ("scores", 40, 99), ("hundreds", 200, 999),
        ("thousands", 2_000, 9_999), ("millions", 2e6, 9_999_999),
        ("billions", 2e9, 9_999_999_999),
    )
    # Quotes, speakers and upstream-source attributions: their own section (below), reached
    # through this one so that one Settings carries it to every extractor.
    quotes: QuoteSettings = field(default_factory=lambda: QuoteSettings())


@dataclass(frozen=True)
class QuoteSettings:
    """Quotes, speakers and upstream-source attributions (crosscheck.analyze.quotes,
    .attributions). Word lists are general newswire vocabulary (style guides, PARC/PolNeAR
    annotation guidelines); the choices marked "PolNeAR train" were made by comparing
    content F1 with and without them on a train subsample (benchmarks/polnear.py --split
    train), never on dev.
    """

    # Verbs that introduce speech, direct or reported.
    speech_verbs: tuple[str, ...] = (
        "say", "tell", "add", "write", "tweet", "post", "claim", "warn", "insist", "deny",
        "argue", "announce", "note", "explain", "state", "report", "suggest", "acknowledge",
        "admit", "assert", "allege", "predict", "promise", "vow", "confirm", "declare",
        "contend", "stress", "emphasize", "emphasise", "reply", "respond", "answer", "recall",
        "complain", "testify", "maintain", "concede", "indicate", "reveal", "disclose",
        "estimate", "agree", "charge", "counter", "ask", "urge", "demand", "threaten",
        "joke", "boast", "brag", "quip", "muse", "remark", "observe", "mention", "point",
        "assure", "caution", "continue", "conclude", "signal", "hint", "speculate", "posit",
        "proclaim", "pledge", "accuse", "blame", "criticize", "praise", "describe",
        "tout", "insinuate", "imply", "forecast", "rule",
        "find", "show", "conclude", "decide", "recommend", "propose", "order", "instruct",
        "advise", "remind", "inform", "notify", "testify", "retort", "snap", "shout", "yell",
        "scream", "whisper", "cry", "exclaim", "declare", "thunder", "lament", "concur",
    )
    # Verbs of belief and intention: PolNeAR annotates them as attributions ("he believes
    # that ..."); counted as reported speech only with a clausal complement. PolNeAR train.
    belief_verbs: tuple[str, ...] = (
        "believe", "think", "feel", "expect", "hope", "fear", "worry", "doubt", "know",
        "suspect", "assume", "understand", "learn", "hear", "consider", "wonder", "guess",
        "realize", "recognize", "acknowledge", "agree", "conclude", "determine",
    )
    # Verbs of stance whose object is the attributed content ("opposed the deal", "called
    # for a ban"): PolNeAR annotates them as attributions. PolNeAR train. Verbs with a common
    # physical sense ("attack", "share", "push", "blast") are left out: on the seeds they made
    # "Ukraine attacks his country" a quote, and on PolNeAR train they added 0.001 F1.
    stance_verbs: tuple[str, ...] = (
        "support", "oppose", "endorse", "back", "criticize", "criticise", "praise", "accuse",
        "blame", "propose", "want", "seek", "reject", "question", "cite", "call", "demand",
        "urge", "describe", "dismiss", "welcome", "condemn", "applaud", "defend", "embrace",
        "favor", "favour", "slam", "denounce", "decry", "vote", "refuse",
        "decline", "request", "recommend", "disagree", "dispute", "challenge", "tout",
        "champion", "advocate", "lambaste", "mock", "ridicule", "credit", "thank",
        "show", "find", "see", "view", "repeat", "prefer", "indicate", "reveal",
    )
    # Nouns that carry an attribution when an owner is named ("Trump's claim that ...",
    # "her support for ..."). PolNeAR train.
    speech_nouns: tuple[str, ...] = (
        "claim", "statement", "assertion", "suggestion", "allegation", "argument", "warning",
        "promise", "belief", "view", "comment", "remark", "announcement", "proposal",
        "assessment", "prediction", "accusation", "charge", "insistence", "contention",
        "support", "endorsement", "opposition", "criticism", "attack", "call", "demand",
        "plan", "decision", "pledge", "vow", "threat", "concern", "fear", "hope", "praise",
        "denial", "admission", "response", "reaction", "position", "stance", "opinion",
        "push", "interest", "commitment", "desire", "message", "explanation", "insistence",
    )
    # Verbs whose infinitive complement is what was said ("urged voters to stay home").
    directive_verbs: tuple[str, ...] = (
        "urge", "ask", "tell", "order", "call", "promise", "vow", "pledge", "threaten",
        "warn", "instruct", "advise", "encourage", "demand", "plead", "beg", "implore",
    )
    # Nouns after "in"/"on"/"during" that name the channel a statement went out on.
    channel_nouns: tuple[str, ...] = (
        "statement", "interview", "tweet", "post", "twitter", "facebook", "telegram",
        "instagram", "youtube", "tiktok", "x", "letter", "email", "e-mail", "video", "speech",
        "conference", "briefing", "broadcast", "address", "op-ed", "memo", "message",
        "podcast", "television", "radio", "blog", "release", "remarks", "rally", "debate",
        "hearing", "testimony", "call", "appearance", "show", "program", "programme",
    )
    # A quote with no cue, no speaker carried over from the quote before it and fewer words
    # than this is a scare quote, a title or a nickname, not something said. Seeds and
    # PolNeAR train: titles and scare quotes run 1-4 words.
    min_uncued_quote_words: int = 5
    # A quote continues the previous speaker's quote when at most this many sentences that
    # are not part of any quote stand between them (0: adjacent). PolNeAR train.
    continuation_gap_sentences: int = 0
    # "Trump: We will win": a name of at most this many tokens and no verb before a colon
    # is the speaker of what follows (headline style). PolNeAR train.
    colon_speaker_max_tokens: int = 5
    # Labels that stand before a colon without being speakers.
    colon_labels: tuple[str, ...] = (
        "note", "update", "editor", "editors", "correction", "source", "sources", "photo",
        "video", "watch", "read", "related", "warning", "breaking", "exclusive", "live",
        "analysis", "opinion", "q", "a", "question", "answer", "listen", "see", "more", "also",
        "click", "subscribe", "advertisement", "tags", "topics", "credit", "caption", "image",
    )
    # The object of a stance verb shorter than this is a thing, not a position ("backed
    # Clinton", "read emails"). PolNeAR train, 100 docs: 2 and 1 give the same F1 (0.648),
    # 2 has higher precision (0.754 vs 0.748), so fewer stray "quotes" reach users.
    min_object_words: int = 2
    # Reported content with at least this share of its characters in quote marks is the
    # quote itself (its cue already recorded), not a second, indirect quote. PolNeAR train,
    # 100 docs, content F1: 0.6 -> 0.650, 0.8 -> 0.653, 0.95 -> 0.654; kept at 0.6 because
    # higher values double the seeds' partial quotes ("said Ukraine "doesn't pose ...") with
    # a truncated indirect copy that then takes the attributions meant for the quote.
    reported_quoted_share: float = 0.6
    # Quoted or reported content shorter than this many words is dropped as a fragment.
    min_content_words: int = 1
    # Reported speech from the learned cue model (crosscheck/analyze/quotes/cues.json, fitted on
    # PolNeAR train by `python -m benchmarks.polnear --fit`) instead of the word lists above.
    learned_cues: bool = True
    # A candidate content is kept when the model scores it at least this; None takes the
    # threshold fitted with the model (best content F1 on held-out train folds).
    cue_threshold: float | None = None
    # Two cues for one content (shared words / the longer content's words at least this,
    # the benchmark's match rule): only the higher-scoring one is kept.
    cue_same_content: float = 0.5
    # Where the attribution tagger read a learned cue's sentence (``quotes.tagger.tagged_speaker``): with
    # no parsed speaker, the word it marks as Source most surely is the speaker when its
    # logit is at least this; a parsed speaker gives way when the tagger's word scores at
    # least ``tagged_speaker_override`` and above the parsed phrase. None: not used.
    # Chosen on PolNeAR train CV (``benchmarks.polnear_tagger``, 4 folds of 420 documents,
    # 2026-11-30): speaker accuracy 0.887 without, floor 0.5 / 0 / -1 / -2: 0.903 / 0.906 /
    # 0.911 / 0.914; every override tried lowered it. Content F1 does not change.
    tagged_speaker_floor: float | None = -2.0
    tagged_speaker_override: float | None = None
    # A learned cue's content, where the tagger read its sentence, ends at its last word the
    # tagger marks as content with at least this logit (``quotes.tagger.trimmed_content``).
    # None: the frame's content as it is. An experiment (benchmarks/results/polnear.md).
    tagged_content_floor: float | None = None
    # Where the tagger read a sentence: a run of words it marks as cue (logit at least
    # ``tagged_cue_floor``) with no kept lexical cue among them, next to a run it marks as
    # content (logits at least ``tagged_proposal_content_floor``, at most
    # ``tagged_proposal_gap`` words away), is an attribution too
    # (``quotes.tagger.tagged_attributions``), below every lexical one. None: not proposed.
    # Only where the second stage runs (quotes.tagger, the sentences it reads). Chosen on PolNeAR
    # train CV (``benchmarks.polnear_tagger --recall``, 4 folds of 420 documents,
    # benchmarks/results/polnear.md 2026-11-30 last round): content F1 0.7249 without,
    # 0.7285 with (the re-scored candidates' sentences), 0.7325 with every sentence of a
    # parse encoded (``SecondStage.encode_floor``); cue floor 0 / 1 / 2 / 3: 0.725 / 0.728 /
    # 0.728 / 0.727; gap, snapping to a parse head, bridging, disjoint contents: no gain.
    tagged_cue_floor: float | None = 1.0
    tagged_proposal_content_floor: float = -1.0
    tagged_proposal_gap: int = 2
    # a content run under one parse head widened to the head's subtree (``snap``); words
    # under the content floor a proposed content may hold between marked words (``bridge``)
    tagged_proposal_snap: bool = False
    tagged_proposal_bridge: int = 0
    # a proposal needs this many words (1 / 2 / 3: 0.728 / 0.729 / 0.729 within the
    # re-scored sentences; 0.732 / 0.733 / 0.732 with every sentence), and (``disjoint``)
    # no word of a kept content (lower with it)
    tagged_proposal_min_words: int = 2
    tagged_proposal_disjoint: bool = False
    # A learned cue's content loses a trailing clause of its head (conj, advcl, relcl,
    # appos, prep ...) whose words the tagger marks as content with a mean logit below this
    # (``quotes.tagger.clause_trimmed``). None: not trimmed. Train CV: floor -4 / -3 / -2 / -1 /
    # 0: 0.725 / 0.725 / 0.725 / 0.722 / 0.713 (none: 0.725).
    tagged_clause_floor: float | None = None


@dataclass(frozen=True)
class StorySettings:
    """Near-duplicates and story clustering (crosscheck.stories).

    The pair model (weights, bias, threshold) is calibrated by
    ``python -m benchmarks.ecbplus --calibrate`` on ECB+ topics 1-25 only (all their
    documents clustered together, incremental path, files in name order); topics 26-35 are
    held out for benchmarks/results/ecbplus.md.
    """

    # Near-duplicates: MinHash over word 3-shingles. An LSH threshold near 0.5 finds 93% of
    # planted copies with 5% of words changed (DESIGN.md, measured on 10k articles); a pair is
    # kept when the estimated Jaccard also reaches min_jaccard (set by hand: a copy with 5% of
    # words changed keeps about 0.75 of its 3-shingles). benchmarks.stories_scale --duplicates
    # finds 98.3% of such planted copies among 10,000 texts with these values.
    duplicate_shingle: int = 3
    duplicate_num_perm: int = 128
    duplicate_lsh_threshold: float = 0.5
    duplicate_min_jaccard: float = 0.5
    # Or one text holds this share of the other's 3-shingles (a shortened copy, a rewritten
    # lead, an update reprinting its first version). Set on the dev dossier gold
    # (../shared/data/dossier-dev): its copy pairs hold 0.76-1.00, its closest non-copies
    # (rewrites of one wire story, a short piece quoting a longer one) 0.51-0.63.
    duplicate_min_containment: float = 0.7

    # Terms kept per article sub-vector and per story centroid (memory stays bounded per
    # story). Set by hand, not tuned: generous for an ECB+ article (about 200 content words).
    article_terms: tuple[tuple[str, int], ...] = (
        ("title", 16), ("body", 80), ("who", 24), ("where", 16), ("when", 12), ("year", 6),
        ("num", 16), ("person", 16),
    )
    centroid_terms: tuple[tuple[str, int], ...] = (
        ("title", 48), ("body", 160), ("who", 48), ("where", 32), ("when", 24), ("year", 12),
        ("num", 32), ("person", 32),
    )
    # Candidate retrieval: each article is found by its key_terms heaviest terms; a term's
    # postings keep its posting_cap most recent stories (older stories age out of retrieval),
    # and at most max_candidates stories, those sharing most keys, are scored. Set by hand;
    # benchmarks.stories_scale measures their cost (about 2 ms per article, n^1.07).
    key_terms: int = 12
    posting_cap: int = 200
    max_candidates: int = 24

    # Pair model: logistic regression over article-to-story similarities, fitted on ECB+
    # topics 1-25 (benchmarks.ecbplus --calibrate). "embed" is used only when the embedding
    # model is available; weights_text are fitted without it.
    # Inputs chosen per mode by 5-fold cross-validation over topics 1-25, averaged over the
    # file-name order and 8 shuffled orders (benchmarks.ecbplus --cv --orders 8,
    # MODEL_FEATURES): numbers in the text ("num"), the people among the names ("person") and
    # whether the latest years the texts name agree ("year_same", "year_other") in both modes;
    # "conflict" (the share of things both sides count with no number in common) only with
    # embeddings, where it raised the cross-validated F1 (without them it lowered it). The
    # "year" sub-vector and the has_* flags lowered it, so they carry no weight.
    # Calibrated 2026-11-30: benchmarks.ecbplus --calibrate [--no-embed].
    weights_embed: tuple[tuple[str, float], ...] = (
        ("title", 2.012), ("body", -0.001), ("who", 3.75), ("where", 2.581), ("when", 2.349),
        ("num", 1.456), ("person", 2.303), ("conflict", -1.702), ("year_same", 2.059),
        ("year_other", -1.003), ("embed", 3.287),
    )
    bias_embed: float = -6.255
    threshold_embed: float = 0.15
    weights_text: tuple[tuple[str, float], ...] = (
        ("title", 2.754), ("body", 0.832), ("who", 4.832), ("where", 3.007), ("when", 2.295),
        ("num", 2.161), ("person", 2.597), ("year_same", 1.785), ("year_other", -1.221),
    )
    bias_text: float = -5.533
    threshold_text: float = 0.2
    # Scoring an article against a story: 0 = its centroid; n > 0 = the mean probability over
    # the story's first n articles (StoryIndex.member_probabilities). Chosen by 5-fold CV
    # over topics 1-25, mean of 9 article orders: with embeddings 8 members raised BCubed /
    # pairwise F1 from 0.889 / 0.868 to 0.898 / 0.875 (4, 16 and 32 within 0.001); without
    # them it lowered 0.880 / 0.848 to 0.864 / 0.828, so the text model keeps the centroid.
    members_embed: int = 8
    members_text: int = 0
    # Members are scored for the member_shortlist candidates whose centroids score highest
    # (set by hand to bound the cost per article; see benchmarks/results/ecbplus.md).
    member_shortlist: int = 4

    # Batch clustering (crosscheck/stories/batch.py): a batch is clustered as a whole,
    # whatever the order of its articles. An article-pair model (logistic regression over the
    # similarities of two articles: the sub-vector cosines, has_* flags, conflict and latest
    # years) scores the pairs that share salient terms (each article's batch_candidates
    # likeliest by shared key terms; on topics 1-25 they hold 3,077 of the 3,141 same-story
    # pairs, 96 the same number); groups merge while their link reaches batch_threshold.
    # Chosen by 5-fold CV over topics 1-25 (benchmarks.ecbplus --batch --cv [--no-embed]
    # [--batch-linkage L] [--batch-embeddings] [--batch-inputs ...]; the figures are
    # BCubed / pairwise F1, one order: a batch gives the same partition in any order):
    #   inputs as the stream model's, average link: 0.915 / 0.898 with embeddings,
    #     0.903 / 0.890 without; with the year sub-vector and has_* flags too (kept):
    #     0.915 / 0.903 and 0.917 / 0.903;
    #   weighted link (WPGMA, kept; checked against scipy's linkage, as was average link):
    #     0.921 / 0.905 with the embedding cosine, 0.934 / 0.920 without it; complete link
    #     0.834 / 0.798. So the batch model leaves the embedding out (batch_embeddings):
    #     batch_weights_embed are fitted for the record only.
    # Weights and bias fitted on the blocked pairs of topics 1-25 and, weighed 0.01 each, of
    # NeuS train (2,452 real stories of three outlets: many share their actors without being
    # one story, which ECB+ alone does not teach: fitted on ECB+ alone the model scored NeuS
    # val BCubed F1 0.568, with NeuS 0.746, ECB+ CV 0.934 -> 0.924); the threshold on topics
    # 1-25 alone (calibrate_batch in benchmarks/ecbplus.py, `--batch --calibrate`, grid
    # 0.05..0.95 by BCubed F1), 2026-11-30. The ECB+-only fit: title 2.567, body 3.621, who
    # 5.869, person 3.49, bias -1.6, threshold 0.15 (benchmarks/results/ecbplus.md).
    # batch_min_probability: pairs below it count as unscored (set by hand: it bounds the work).
    batch_weights_text: tuple[tuple[str, float], ...] = (
        ("title", 3.345), ("body", 6.018), ("who", 3.083), ("where", 2.056), ("when", 2.18),
        ("year", 1.304), ("num", 3.809), ("person", 1.474), ("has_who", -1.665),
        ("has_where", 0.28), ("has_when", -0.664), ("has_year", 0.327), ("conflict", -0.846),
        ("year_same", 0.67), ("year_other", -0.342),
    )
    batch_bias_text: float = -2.839
    batch_threshold_text: float = 0.2
    batch_weights_embed: tuple[tuple[str, float], ...] = (
        ("title", 1.814), ("body", 0.342), ("who", 4.077), ("where", 2.443), ("when", 3.088),
        ("year", 1.458), ("num", 2.113), ("person", 3.613), ("has_who", -1.551),
        ("has_where", -0.284), ("has_when", -0.976), ("has_year", 0.132), ("conflict", -1.832),
        ("year_same", 0.891), ("year_other", -0.759), ("embed", 4.577),
    )
    batch_bias_embed: float = -3.78
    batch_threshold_embed: float = 0.35
    batch_embeddings: bool = False
    batch_linkage: str = "weighted"
    batch_candidates: int = 48
    batch_min_probability: float = 0.01
    # A learned merge decision, a neighbourhood stage and a split pass were tried on top
    # and left out by CV: benchmarks/results/stories_experiments.md.
    # A larger batch is clustered in chunks of this many articles, in the given order, each
    # chunk's groups joining the stories before it (set by hand: a chunk's pairs and states
    # take about 150 MB; one batch of 100,000 took 2.7 GB). ECB+ batches are far smaller.
    batch_chunk: int = 5000
    # Fragments (batch.attach_fragments): after agglomeration, a group of at most
    # batch_fragment_size articles (a report left alone) joins the larger group whose
    # centroid the batch pair model scores best, when that probability reaches
    # batch_fragment_probability. Chosen by 5-fold CV over topics 1-25 (pair model fitted on
    # ECB+ alone there: 0.934 / 0.920 -> 0.943 / 0.931 at 0.5; bars 0.3-0.6 gave 0.943-0.946)
    # with NeuS val held within 0.002 of its figure without the pass (its BCubed precision
    # 0.718 without, 0.713 at 0.5, 0.704 at 0.4, 0.689 at 0.3: under the gate's 0.70); sizes
    # 1 and 2 alike, 4 lower (benchmarks/results/ecbplus.md, 2026-12-07; held-out look 18:
    # topics 26-35 batch 0.921 / 0.888 -> 0.931 / 0.896).
    batch_fragment_size: int = 1
    batch_fragment_probability: float = 0.5

    # Time: ECB+ has no dates, so these are set by hand, not calibrated: a story's date
    # range widened by time_window_days on each side costs nothing, each further day apart
    # lowers the pair's log-odds by time_penalty_per_day (news about one event clusters
    # within days; a look-alike event a month later is pushed far below any threshold).
    time_window_days: float = 3.0
    time_penalty_per_day: float = 0.5

    # Developing stories (crosscheck/stories/threads.py): a new event joins the story whose
    # centroid it fits best when the fit (the weighted mean of these sub-vector cosines,
    # minus thread_time_weight * log(1 + days apart / thread_time_scale_days)) reaches
    # thread_threshold; else it starts a story. Chosen by a grid on giveme-dev (the middle of
    # the plateau of thresholds 0.12-0.16; the time weight is nearly neutral there and kept
    # small): benchmarks/results/giveme_stories.md, which also gives what it merges on ECB+
    # and NeuS.
    # People and places weigh a quarter of the subject's words: they are evidence, but
    # stories that share actors (a president, one company) are often different stories (on
    # NeuS val, weights 0.5 -> 0.25 raised the story level's BCubed precision 0.35 -> 0.40,
    # and giveme-dev's F1 too).
    thread_weights: tuple[tuple[str, float], ...] = (
        ("title", 1.0), ("body", 1.0), ("who", 0.25), ("where", 0.25), ("person", 0.25),
    )
    thread_threshold: float = 0.14
    thread_time_weight: float = 0.02
    thread_time_scale_days: float = 30.0


@dataclass(frozen=True)
class CompareSettings:
    """Dossier building (crosscheck.compare). Calibrations noted per constant."""

    # Names. anyascii + rapidfuzz.fuzz.ratio (0-100): DESIGN.md measured transliteration
    # variants at 78-94 and other names at 67 or less; 78 is the low end of the variants.
    name_variant_ratio: float = 78.0
    # First names are shorter and vary more (Sviatlana/Svetlana 82, Mikhail/Mykhailo 80,
    # Alexander/Aleksandr 78); John/Joan and Anna/Anne score 75, so the bar is just above.
    # Names whose consonant skeletons are equal also pass (Youssef/Yusuf 67 by ratio).
    first_name_ratio: float = 76.0
    # Claims. Alignment score = cosine of MiniLM sentence embeddings
    #   + entity_jaccard_weight * (Jaccard of the two sentences' cross-article entities - 0.5)
    #   + date_agree_bonus when both give the same day (- date_disagree_penalty when not).
    # Paraphrases in the seeds score about 0.74 cosine and unrelated sentences about 0.09
    # (DESIGN.md), but sentences of one story about different facts score 0.60-0.72 on the
    # seeds, so cosine alone cannot separate them: the entity and date terms do. 0.70 keeps the
    # seeds' five hand-checked agreements and none of their different-fact pairs (margin 0.04).
    claim_match_embedding: float = 0.70
    # The same threshold for the TF-IDF fallback (no ONNX model): word overlap scores lower,
    # 0.30 matched the seeds' aligned lead sentences and none of their single-source ones.
    claim_match_tfidf: float = 0.30
    entity_jaccard_weight: float = 0.3
    date_agree_bonus: float = 0.05
    date_disagree_penalty: float = 0.1
    # Two sentences carrying variants of one quote matched across outlets report the same
    # statement: enough on its own to align them (a quote match is already strict).
    shared_quote_bonus: float = 0.2
    # Two sentences reporting what one person (named at the cue) said, in different words
    # ("X dismissed the claims that Ukraine poses a threat" / X said Ukraine "doesn't pose a
    # threat": cosine 0.61) are more likely one statement than two topical neighbours are.
    # Half the shared-quote bonus.
    shared_speaker_bonus: float = 0.1
    # A negation conflict needs near-identical statements apart from the negation; two
    # sentences of opposite polarity below this cosine are not aligned at all.
    negation_min_similarity: float = 0.8
    # Likewise a speaker conflict ("X said" vs "Y said" the same words): only for statements
    # that are nearly the same; topical neighbours often have different speakers by design.
    speaker_conflict_min_similarity: float = 0.8
    # A vague "about N" covers N +- this fraction (journalistic rounding to one or two
    # significant figures: "about 150 metres" is 135-165, so "about 150" and "about 200"
    # metres, a conflict on the dev dossier gold, do not overlap; 0.15 made them overlap).
    approximate_tolerance: float = 0.1
    # Quotes. Two quotes match when their normalised words are equal, or share a run of at
    # least this many words (a partial quote of 4 words is already distinctive), or
    # difflib's ratio over normalised words is at least quote_match_ratio.
    quote_min_common_words: int = 4
    quote_match_ratio: float = 0.6
    # Quotes credited to different speakers are grouped (as a speaker conflict) only when
    # their words are nearly the same.
    same_words_ratio: float = 0.9
    # Sources. A sentence without a credit inherits the credit of the next sentence when it
    # opens a paragraph's lead (news lead + "X reported that ..." in the next sentence).
    credit_lookahead: int = 1
    # An anaphoric credit ("His comments, reported by X") reaches back this many sentences.
    credit_lookback: int = 3
    # Framing: how many actors (by mention count across the story) get a framing table.
    main_actors: int = 6
    # Loaded words: evaluative adjectives and nouns that carry a judgement when an outlet uses
    # them in its own voice (not inside a quote). A short list checked by hand on NewsWCL50's
    # annotated "word choice" examples; extend with care.
    loaded_words: tuple[str, ...] = (
        "authoritarian", "dictator", "strongman", "regime", "despot", "tyrant", "autocrat",
        "autocratic", "brutal", "radical", "extremist", "terrorist", "thug", "puppet",
        "flailing", "failed", "disastrous", "notorious", "controversial", "embattled",
        "so-called", "illegitimate", "hardline", "far-right", "far-left", "firebrand",
        "unprovoked", "draconian", "crackdown", "propaganda", "slammed", "blasted",
    )
    # Summary: 3 to 7 sentences (issue 4), shorter sentences preferred over this length.
    summary_min_sentences: int = 3
    summary_max_sentences: int = 7
    summary_long_sentence_chars: int = 300
    summary_max_agreed: int = 3
    summary_max_conflicts: int = 2
    summary_max_singles: int = 2
    # Importance = centrality + position_weight / (1 + sentence position); sentences opening
    # with a pronoun or a quote mark lose out_of_context_penalty. Set on NeuS train (see
    # benchmarks/results/neus.md), never on validation.
    summary_position_weight: float = 0.3
    summary_out_of_context_penalty: float = 0.2


@dataclass(frozen=True)
class StoreSettings:
    url: str = "sqlite:///crosscheck.db"
    # How long a SQLite connection waits for another process's write before failing. One
    # article's transaction takes milliseconds; 30 s covers a writer stuck behind a long
    # ingest's checkpoint without hanging a user forever.
    sqlite_busy_timeout_ms: int = 30_000
    # Ids per IN (...) query when reading many articles or analyses: SQLite allows 32,766
    # bound parameters per statement (3.32+); 10,000 stays well under it on both databases.
    ids_per_query: int = 10_000


@dataclass(frozen=True)
class IngestSettings:
    """How an ingest streams (crosscheck.run)."""

    # Articles read, cleaned, analysed, stored and given stories together, one chunk at a
    # time, each committed: what a kill can lose, and (with the analyses it holds) what
    # bounds an ingest's memory. Set by hand: 256 articles of 600 words are about 25 s of
    # analysis on one core here, and the per-chunk costs (a store query, the stories
    # stage's index reads) are small against that.
    chunk_articles: int = 256
    # An article whose text is longer is rejected as "too-long" before it is cleaned or
    # analysed: spaCy's memory grows with a document's length (a 1 MB text took 3 GB), and
    # news articles are far shorter (10,000 words, about 60,000 characters, is long-form).
    max_article_chars: int = 100_000


@dataclass(frozen=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    read: ReadSettings = field(default_factory=ReadSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    analyze: AnalyzeSettings = field(default_factory=AnalyzeSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    store: StoreSettings = field(default_factory=StoreSettings)


DEFAULT = Settings()
