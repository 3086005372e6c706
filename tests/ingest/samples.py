"""Hand-made (synthetic) feed bodies for the ingest tests; the real samples live in fixtures/."""

from __future__ import annotations

RSS_HEADERS = {"Content-Type": "application/rss+xml; charset=utf-8"}
ATOM_HEADERS = {"Content-Type": "application/atom+xml; charset=utf-8"}


def rss(items: str, *, encoding: str = "utf-8") -> bytes:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        f'<rss version="2.0"><channel><title>Test feed</title><link>http://example.org/</link>'
        f"{items}</channel></rss>"
    ).encode(encoding if encoding != "bogus" else "utf-8")


def item(guid: str, title: str, *, description: str = "", link: str = "", date: str = "") -> str:
    parts = [f'<guid isPermaLink="false">{guid}</guid>', f"<title>{title}</title>"]
    if description:
        parts.append(f"<description>{description}</description>")
    if link:
        parts.append(f"<link>{link}</link>")
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


def arxiv_feed(*entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        "<title>ArXiv Query</title><id>http://arxiv.org/api/x</id><updated>2026-03-01T00:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode()


def arxiv_entry(
    ident: str,
    title: str,
    *,
    categories: tuple[str, ...] = ("cs.LG",),
    authors: tuple[str, ...] = ("A. Author",),
    summary: str = "A paper.",
    published: str = "2026-02-01T10:00:00Z",
) -> str:
    cats = "".join(f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in categories)
    people = "".join(f"<author><name>{a}</name></author>" for a in authors)
    return (
        f"<entry><id>http://arxiv.org/abs/{ident}</id><updated>{published}</updated>"
        f"<published>{published}</published><title>{title}</title><summary>{summary}</summary>{people}"
        f'<link href="http://arxiv.org/abs/{ident}" rel="alternate" type="text/html"/>'
        f'<link title="pdf" href="http://arxiv.org/pdf/{ident}" rel="related" type="application/pdf"/>'
        f'<arxiv:primary_category term="{categories[0]}" scheme="http://arxiv.org/schemas/atom"/>{cats}</entry>'
    )


# arXiv's way of reporting a bad query: HTTP 200 and a feed with one entry titled "Error".
ARXIV_ERROR = (
    b'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    b"<title>ArXiv Query: search_query=&amp;id_list=1234.12345</title><id>http://arxiv.org/api/x</id>"
    b"<updated>2026-03-01T00:00:00-05:00</updated>"
    b"<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>"
    b"<title>Error</title><summary>incorrect id format for 1234.12345</summary>"
    b"<updated>2026-03-01T00:00:00-05:00</updated>"
    b'<link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345"'
    b' rel="alternate" type="text/html"/>'
    b"<author><name>arXiv api core</name></author></entry></feed>"
)

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    b'<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>'
    b'<rss version="2.0"><channel><title>t</title>'
    b"<item><guid>x</guid><title>&lol5;</title></item></channel></rss>"
)


def external_entity(path: str) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{path}">]>'
        '<rss version="2.0"><channel><title>t</title><item><guid>x</guid><title>&xxe;</title></item>'
        "</channel></rss>"
    ).encode()


# The YAML "billion laughs": nine aliases of nine aliases ... of "lol", 9**9 strings once
# expanded, in one hf entry (an unknown field holds the pyramid; ``note`` names its top).
YAML_ALIAS_BOMB = b"""- title: LOL
  year: 2026
  id: lol26
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
  note: *i
"""


def entity_after_comment(comment_bytes: int = 70 * 1024) -> bytes:
    """An entity declared after a long comment: a guard that reads only the start misses it."""
    return (
        f'<?xml version="1.0"?><!--{"x" * comment_bytes}--><!DOCTYPE rss [<!ENTITY lol "INJECTED">]>'
        '<rss version="2.0"><channel><title>t</title><item><guid>x</guid><title>&lol;</title></item>'
        "</channel></rss>"
    ).encode()


def entity_in_utf16() -> bytes:
    """An entity declared in a UTF-16 document: no ``<!ENTITY`` among its bytes."""
    return (
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY lol "INJECTED">]>'
        '<rss version="2.0"><channel><title>t</title><item><guid>x</guid><title>&lol;</title></item>'
        "</channel></rss>"
    ).encode("utf-16")


# An entity declared in UTF-7, which the HTTP charset (not the document) names.
ENTITY_IN_UTF7 = (
    b'<?xml version="1.0"?>+ADw-!DOCTYPE rss +AFs-+ADw-!ENTITY lol +ACI-INJECTED+ACI-+AD4-+AF0-+AD4-'
    b'<rss version="2.0"><channel><title>t</title><item><guid>x</guid><title>&lol;</title></item>'
    b"</channel></rss>"
)
UTF7_HEADERS = {"Content-Type": "application/rss+xml; charset=utf-7"}
