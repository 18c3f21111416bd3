"""Readers: plain text, HTML, JSONL, WARC, gzip and folders, each to Article or Rejection."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from crosscheck.readers import (
    article_id,
    input_files,
    read_html,
    read_path,
    read_paths,
    read_text,
)
from crosscheck.readers.decode import decode_bytes
from crosscheck.readers.html import strip_site_suffix
from crosscheck.records import Article, Rejection

PARAGRAPHS = [
    "The harbour council of Westmere voted on Tuesday to close the old ferry pier after "
    "engineers found that two of its timber supports had rotted through during the winter.",
    "Council leader Maria Okafor said the decision was taken with regret, and that a temporary "
    "landing stage would be built further along the quay before the summer season begins.",
    "Local fishermen, who have used the pier for more than eighty years, said they had been "
    "warned about the supports last autumn but had expected repairs rather than a closure.",
    "The council expects the new landing stage to cost about 400,000 pounds and to open in May, "
    "although the tender for the work has not yet been published.",
]


def page(
    *,
    title: str = "Westmere closes its ferry pier | Harbour Herald",
    site: str | None = "Harbour Herald",
    url: str | None = "https://www.harbourherald.example/news/pier",
    body: bool = True,
) -> str:
    meta = [
        f'<meta property="og:site_name" content="{site}">' if site else "",
        f'<link rel="canonical" href="{url}">' if url else "",
        '<meta name="author" content="Jonas Pike">',
        '<meta property="article:published_time" content="2024-03-05T09:00:00Z">',
    ]
    article = "".join(f"<p>{text}</p>" for text in PARAGRAPHS) if body else ""
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{''.join(meta)}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title.split(' | ')[0]}</h1>{article}</article>"
        f"<footer>Copyright Harbour Herald</footer></body></html>"
    )


def only(items) -> Article | Rejection:
    items = list(items)
    assert len(items) == 1, items
    return items[0]


# --- plain text ---------------------------------------------------------------------------


def test_plain_text_is_passed_on_uncleaned_with_newlines_normalised():
    article = read_text("Section\r\nHeadline here\r\n\r\nFirst paragraph.\rSecond.", source="mem")
    assert isinstance(article, Article)
    assert article.text == "Section\nHeadline here\n\nFirst paragraph.\nSecond."
    assert (article.format, article.cleaned, article.title, article.outlet) == (
        "text",
        False,
        "",
        None,
    )


def test_outlet_argument_is_recorded_with_its_provenance():
    article = read_text("Headline\nBody.", source="mem", outlet="The Week")
    assert article.outlet == "The Week"
    assert ("outlet", "argument") in article.provenance


def test_same_input_always_gets_the_same_id(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Headline\nBody paragraph.\n")
    first = [item.id for item in read_paths([tmp_path])]
    second = [item.id for item in read_paths([tmp_path])]
    assert first == second
    assert first[0] == article_id(None, "", "Headline\nBody paragraph.\n")
    assert article_id("Outlet A", "", "x") != article_id("Outlet B", "", "x")


@pytest.mark.data
def test_seeds_read_as_uncleaned_text(seeds: Path):
    articles = list(read_paths([seeds]))
    assert len(articles) == 2 and all(isinstance(a, Article) for a in articles)
    assert [Path(a.source).name for a in articles] == sorted(p.name for p in seeds.glob("*.txt"))
    assert all(a.format == "text" and not a.cleaned and a.outlet is None for a in articles)


# --- HTML ---------------------------------------------------------------------------------


def test_html_gives_headline_then_body_and_metadata():
    article = read_html(page(), source="mem")
    assert isinstance(article, Article)
    lines = article.text.split("\n")
    assert lines[0] == "Westmere closes its ferry pier" == article.title
    assert lines[1:] == PARAGRAPHS  # no nav, no footer, no second copy of the headline
    assert article.cleaned and article.format == "html"
    assert article.outlet == "Harbour Herald"
    assert article.author == "Jonas Pike"
    assert article.published == "2024-03-05"
    assert dict(article.provenance)["outlet"] == "site-name"
    assert dict(article.provenance)["body"] == "trafilatura"


def test_html_outlet_falls_back_to_domain_then_unknown():
    by_domain = read_html(page(site=None), source="mem")
    assert by_domain.outlet == "harbourherald.example"
    assert dict(by_domain.provenance)["outlet"] == "domain"
    given_url = read_html(page(site=None, url=None), source="mem", url="https://news.example.org/a")
    assert given_url.outlet == "news.example.org"
    unknown = read_html(
        page(site=None, url=None, title="Westmere closes its ferry pier"), source="mem"
    )
    assert unknown.outlet is None


def test_outlet_argument_wins_over_the_page():
    assert read_html(page(), source="mem", outlet="Wire Copy").outlet == "Wire Copy"


def test_html_without_body_is_rejected():
    rejection = read_html(page(body=False), source="mem")
    assert isinstance(rejection, Rejection) and rejection.reason == "no-body"


def test_link_lines_and_trailing_page_furniture_are_removed_with_reasons():
    from crosscheck.readers.page_tails import drop_page_tails

    lines = [
        PARAGRAPHS[0],
        "Related: Another pier story",
        PARAGRAPHS[1],
        "Share this story with a friend",
        PARAGRAPHS[2],
        "Follow the Harbour Herald on Facebook and Twitter.",
        "Comments",
    ]
    kept, removed = drop_page_tails(lines, first_line_no=2)
    # A furniture-like line inside the body stays: only the end of the body is trimmed.
    assert kept == [PARAGRAPHS[0], PARAGRAPHS[1], "Share this story with a friend", PARAGRAPHS[2]]
    assert [(r.line_no, r.reason) for r in removed] == [
        (3, "link-line"),
        (7, "page-furniture"),
        (8, "page-furniture"),
    ]


def test_html_article_keeps_what_it_removed():
    html = page().replace(
        "</article>", "<p>Read more: Ferry timetable changes</p><p>Comments</p></article>"
    )
    article = read_html(html, source="mem")
    assert article.text.split("\n")[1:] == PARAGRAPHS
    assert [(r.text, r.reason) for r in article.removed] == [
        ("Read more: Ferry timetable changes", "link-line"),
        ("Comments", "page-furniture"),
    ]


@pytest.mark.parametrize(
    ("title", "outlet", "url", "expected"),
    [
        ("Pier closes | Harbour Herald", "Harbour Herald", None, "Pier closes"),
        ("Pier closes - The Week UK", "The Week", None, "Pier closes"),
        ("Pier closes — nytimes.com", None, "https://www.nytimes.com/x", "Pier closes"),
        ("Harbour Herald | Pier closes", "Harbour Herald", None, "Pier closes"),
        ("Opinion | Pier closes", "Harbour Herald", None, "Opinion | Pier closes"),
        ("Rain - and more rain | Harbour Herald", "Harbour Herald", None, "Rain - and more rain"),
        ("Pier closes - News", None, "https://foxnews.example/x", "Pier closes - News"),
    ],
)
def test_site_suffix_is_cut_only_when_it_names_the_site(title, outlet, url, expected):
    assert strip_site_suffix(title, outlet, url) == expected


# --- JSONL --------------------------------------------------------------------------------


def test_jsonl_lines_each_become_an_article_or_a_rejection(tmp_path: Path):
    lines = [
        json.dumps(
            {
                "id": "a1",
                "outlet": "Daily Example",
                "title": "Pier closes",
                "published": "2024-03-05T09:00:00Z",
                "text": "Pier closes\nThe pier closed.",
            }
        ),
        "{not json",
        "",
        json.dumps({"title": "No body at all"}),
        json.dumps([1, 2]),
        json.dumps({"url": "https://www.harbourherald.example/p", "html": page(site=None)}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = list(read_paths([path]))
    assert [type(item).__name__ for item in items] == [
        "Article",
        "Rejection",
        "Rejection",
        "Rejection",
        "Article",
    ]
    text_article, bad, missing, not_object, html_article = items
    assert (text_article.outlet, text_article.title, text_article.published) == (
        "Daily Example",
        "Pier closes",
        "2024-03-05",
    )
    assert not text_article.cleaned and text_article.source == f"{path}:1"
    assert ("jsonl-id", "a1") in text_article.provenance
    assert (bad.reason, bad.source) == ("bad-json", f"{path}:2")
    assert (missing.reason, missing.source) == ("missing-field", f"{path}:4")
    assert not_object.reason == "bad-json"
    assert html_article.cleaned and html_article.outlet == "harbourherald.example"
    assert html_article.text.split("\n")[1:] == PARAGRAPHS


def test_outlet_argument_wins_over_the_jsonl_field(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"outlet": "Field Outlet", "text": "Headline\nBody."}) + "\n")
    assert only(read_path(path, outlet="Argument Outlet")).outlet == "Argument Outlet"


@pytest.mark.parametrize("first_line", [
    "Dam bursts above Ashby",
    "  dam bursts  above ASHBY.\r",  # case, spacing, end punctuation and a CR aside
])
def test_a_jsonl_text_that_repeats_the_title_loses_that_line(tmp_path: Path, first_line):
    body = "A dam burst above Ashby on Monday, officials said.\n\nNo one was hurt."
    path = tmp_path / "feed.jsonl"
    records = [{"title": "Dam bursts above Ashby", "text": f"{first_line}\n\n{body}"},
               {"title": "Dam bursts above Ashby", "text": body}]
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n")
    repeated, plain = read_path(path)
    assert repeated.text == plain.text == body
    assert repeated.id == plain.id  # the same article, whichever way the feed gives it
    assert ("text", "first line repeated the title: dropped") in repeated.provenance
    assert ("text", "first line repeated the title: dropped") not in plain.provenance


def test_a_jsonl_text_keeps_a_first_line_that_is_not_the_title(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    text = "Dam bursts above Ashby, flooding the valley\nA dam burst above Ashby."
    path.write_text(json.dumps({"title": "Dam bursts above Ashby", "text": text}) + "\n")
    assert only(read_path(path)).text == text
    untitled = json.dumps({"text": "Dam bursts above Ashby\nA dam burst above Ashby."})
    path.write_text(untitled + "\n")  # no title field: the first line is the headline
    assert only(read_path(path)).text.startswith("Dam bursts above Ashby\n")


# --- WARC ---------------------------------------------------------------------------------


def warc_record(record_id: str, url: str, content_type: str, body: str | bytes) -> bytes:
    body = body.encode() if isinstance(body, str) else body
    payload = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    headers = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <{record_id}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return headers + payload + b"\r\n\r\n"


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_response_records_are_read_as_html(tmp_path: Path, name: str):
    data = warc_record(
        "urn:uuid:1",
        "https://www.harbourherald.example/pier",
        "text/html; charset=utf-8",
        page(site=None, url=None),
    ) + warc_record("urn:uuid:2", "https://www.harbourherald.example/logo.png", "image/png", "PNG")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    article, image = list(read_paths([path]))
    assert article.source == f"{path}#urn:uuid:1" and article.format == "warc"
    assert article.outlet == "harbourherald.example" and article.url.endswith("/pier")
    assert article.text.split("\n")[1:] == PARAGRAPHS
    assert (image.reason, image.source) == ("not-html", f"{path}#urn:uuid:2")


# --- folders and gzip ---------------------------------------------------------------------


def test_folders_are_read_recursively_in_sorted_order_and_formats_sniffed(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("not an input")
    (tmp_path / "b" / "story.txt").write_text("Headline\nBody.")
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(page().encode()))
    (tmp_path / "c").write_text(page())  # no extension: sniffed as HTML
    (tmp_path / "d.gz").write_bytes(gzip.compress(b"Headline\nBody of a gzip text."))
    (tmp_path / "README.md").write_text("# About this folder")
    (tmp_path / "gold.json").write_text('{"labels": []}')
    items = list(read_paths([tmp_path]))
    assert [Path(item.source).name for item in items] == ["a.html.gz", "story.txt", "c", "d.gz"]
    assert [path.name for path in input_files([tmp_path])] == [
        "a.html.gz",
        "story.txt",
        "c",
        "d.gz",
    ]
    # Named explicitly, a file of another extension is read all the same.
    assert only(read_paths([tmp_path / "README.md"])).text == "# About this folder"
    assert [item.format for item in items] == ["html", "text", "html", "text"]
    assert items[3].text == "Headline\nBody of a gzip text."


# --- bad input: each kind ends as a Rejection with its reason -------------------------------


def reject(path: Path, **kwargs) -> Rejection:
    item = only(read_paths([path], **kwargs))
    assert isinstance(item, Rejection), item
    assert item.stage == "read" and item.source == str(path)
    return item


def test_empty_file(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b"  \n\t\n")
    assert reject(tmp_path / "empty.txt").reason == "empty"
    assert reject(tmp_path / "blank.html").reason == "empty"


def test_binary_file(tmp_path: Path):
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert reject(path).reason == "binary"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Le café a fermé. « C’est fini », a déclaré le patron — vraiment."),
        ("latin-1", "Größere Städte über München, naïve façade."),
        ("utf-16", "Headline\nA plain article about the harbour."),
        ("utf-16-le", "Headline\nA plain article about the harbour, without a byte order mark."),
        ("cp1251", "Привет, это обычная новостная статья о событиях в городе."),
    ],
)
def test_legacy_encodings_are_detected_and_decoded(tmp_path: Path, encoding: str, text: str):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert only(read_paths([path])).text == text


def test_bytes_with_no_sane_decoding_are_rejected(tmp_path: Path):
    path = tmp_path / "garbled.txt"
    # High bytes with no structure: no encoding decodes them to text with any coherence.
    path.write_bytes(bytes((i * 97 + 131) % 128 + 128 for i in range(600)))
    assert reject(path).reason == "encoding"


def test_file_over_the_size_limit_is_rejected_before_reading(tmp_path: Path, monkeypatch):
    from crosscheck.settings import ReadSettings

    path = tmp_path / "huge.txt"
    path.write_text("Headline\n" + "word " * 400)
    with monkeypatch.context() as patched:  # the size is checked before the file is opened
        patched.setattr(Path, "open", lambda self, *a, **k: pytest.fail(f"opened {self}"))
        assert reject(path, settings=ReadSettings(max_bytes=1000)).reason == "too-large"
    zipped = tmp_path / "bomb.txt.gz"  # small on disk, over the limit once decompressed
    zipped.write_bytes(gzip.compress(b"a" * 5000))
    assert reject(zipped, settings=ReadSettings(max_bytes=1000)).reason == "too-large"


def test_truncated_and_corrupt_gzip(tmp_path: Path):
    data = gzip.compress(("Headline\n" + "A body paragraph. " * 200).encode())
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    lines = "".join(
        json.dumps({"text": f"Headline {i}\nBody {i * 7919 % 1000}."}) + "\n" for i in range(500)
    )
    zipped_lines = gzip.compress(lines.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(zipped_lines[: len(zipped_lines) // 2])
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b" + b"not gzip at all" * 10)
    assert reject(tmp_path / "cut.txt.gz").reason == "truncated-gzip"
    assert reject(tmp_path / "bad.txt.gz").reason == "bad-gzip"
    *articles, last = read_paths([tmp_path / "cut.jsonl.gz"])
    assert last.reason == "truncated-gzip"
    assert 0 < len(articles) < 500 and all(isinstance(item, Article) for item in articles)


def test_missing_path_is_rejected_and_the_batch_goes_on(tmp_path: Path):
    (tmp_path / "ok.txt").write_text("Headline\nBody.")
    items = list(read_paths([tmp_path / "missing.txt", tmp_path / "ok.txt"]))
    assert [type(item).__name__ for item in items] == ["Rejection", "Article"]
    assert items[0].reason == "not-found"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-10-10", "2022-10-10"),
        ("2022-10-10T08:30:00Z", "2022-10-10"),
        ("2022-13-45", None),
        ("10 October 2022", None),
        ("", None),
    ],
)
def test_jsonl_published_keeps_only_a_real_iso_date(value, expected):
    from crosscheck.readers.jsonl import iso_date

    assert iso_date(value) == expected


def test_jsonl_without_extension_is_sniffed(tmp_path: Path):
    path = tmp_path / "feed"
    path.write_text(json.dumps({"outlet": "Daily Example", "text": "Headline\nBody."}) + "\n")
    article = only(read_paths([path]))
    assert (article.source, article.outlet, article.format) == (
        f"{path}:1",
        "Daily Example",
        "jsonl",
    )


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_warc_cut_inside_a_record_ends_with_a_rejection(tmp_path: Path, name: str):
    records = [
        warc_record(f"urn:uuid:{i}", f"https://news.example/{i}", "text/html", page())
        for i in range(3)
    ]
    data = (
        b"".join(gzip.compress(r) for r in records) if name.endswith(".gz") else b"".join(records)
    )
    path = tmp_path / name
    path.write_bytes(data[:-300])
    *articles, last = read_paths([path])
    assert len(articles) == 2 and all(isinstance(item, Article) for item in articles)
    assert last.reason == ("truncated-gzip" if name.endswith(".gz") else "truncated-warc")
    assert last.source == f"{path}#urn:uuid:2"


def test_declared_charset_is_used_when_guessing_would_fail(tmp_path: Path):
    russian = "Городской совет закрыл причал."
    data = russian.encode("koi8-r")
    assert decode_bytes(data) != russian  # the premise: guessing gets so little text wrong
    assert decode_bytes(data, declared="koi8-r") == russian
    # A WARC record declares its charset in the HTTP header, not in the page.
    html = page(site=None).replace(PARAGRAPHS[0], russian)
    content_type = "text/html; charset=koi8-r"
    path = tmp_path / "ru.warc"
    path.write_bytes(
        warc_record("urn:uuid:7", "https://news.example/7", content_type, html.encode("koi8-r"))
    )
    assert only(read_paths([path])).text.split("\n")[1] == russian
