"""``tracker serve``'s application: Starlette routes over the views, and the server's safety.

- Only GET (and HEAD) routes: nothing here changes state, so a page elsewhere that makes
  the browser send a request to this server cannot do anything with it.
- The ``Host`` header must name the address served (127.0.0.1 / localhost by default): a
  page that rebinds its own DNS name to 127.0.0.1 is refused (400), so it cannot read the
  person's data through the browser.
- A restrictive Content-Security-Policy: scripts and styles only from /static/, no inline
  script, no frames, no other origin; with autoescaping (``render``) a hostile title stays text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracker import clock, db, i18n
from tracker.errors import NotFound, TrackerError
from tracker.i18n import N_
from tracker.web import render
from tracker.web.links import Links
from tracker.web.query import DeadlineQuery
from tracker.web.views import feeds
from tracker.web.views.conference import conference_page
from tracker.web.views.mine import mine_page
from tracker.web.views.recommend import recommend_page
from tracker.web.views.upcoming import upcoming_page

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
ICS_TYPE = "text/calendar; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response, error pages included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def page_language(accept_language: str, chosen: str | None) -> str:
    """The language of a page: the person's explicit choice (``--lang``, ``TRACKER_LANG``) wins;
    else the first language of the browser's ``Accept-Language`` that tracker speaks (the reader's
    own say, more to the point than the machine's locale); else the CLI's choice from the locale.
    """
    if chosen:
        return chosen
    offered = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        lang = tag.strip().lower().split("-")[0]
        if weight > 0 and lang in i18n.LANGUAGES:
            offered.append((-weight, position, lang))
    return min(offered)[2] if offered else i18n.language()


def _html(page: render.Page, now: datetime, lang: str) -> HTMLResponse:
    html = render.render(page, lang=lang, links=Links(), now=now, personal_notice=False, static_site=False)
    return HTMLResponse(html, status_code=page.status)


def _error_page(exc: TrackerError, now: datetime, lang: str) -> HTMLResponse:
    status = 404 if isinstance(exc, NotFound) else 400
    title = N_("Not found") if status == 404 else N_("Cannot show this")
    return _html(render.Page("error.html", title, {"error": exc}, status), now, lang)


def _page(
    build: Callable[[Any, Request, datetime], render.Page], lang: str | None
) -> Callable[[Request], Response]:
    """An endpoint that builds one page in a read session (which always rolls back)."""

    def endpoint(request: Request) -> Response:
        now = clock.now()
        page_lang = page_language(request.headers.get("accept-language", ""), lang)
        try:
            with db.session() as session:
                return _html(build(session, request, now), now, page_lang)
        except TrackerError as exc:
            return _error_page(exc, now, page_lang)

    return endpoint


def _query(request: Request) -> DeadlineQuery:
    params = {name: request.query_params.getlist(name) for name in request.query_params}
    return DeadlineQuery.from_params(params)


def _upcoming(session: Any, request: Request, now: datetime) -> render.Page:
    return upcoming_page(session, _query(request), now=now)


def _conference(session: Any, request: Request, now: datetime) -> render.Page:
    return conference_page(session, request.path_params["key"], now=now)


def _recommend(session: Any, request: Request, now: datetime) -> render.Page:
    return recommend_page(session, now=now)


def _mine(session: Any, request: Request, now: datetime) -> render.Page:
    return mine_page(session, now=now)


def _deadlines_ics(request: Request) -> Response:
    now = clock.now()
    try:
        with db.session() as session:
            data = feeds.deadlines_ics(session, _query(request), now=now)
    except TrackerError as exc:
        return Response(str(exc) + "\n", status_code=400, media_type="text/plain")
    return Response(data, media_type=ICS_TYPE)


def _mine_ics(request: Request) -> Response:
    now = clock.now()
    with db.session() as session:
        data = feeds.mine_ics(session, now=now)
    return Response(data, media_type=ICS_TYPE)


def _changes_atom(request: Request) -> Response:
    now = clock.now()
    base = str(request.base_url).rstrip("/")
    links = Links()
    with db.session() as session:
        data = feeds.changes_atom(session, now=now, link=lambda key: base + links.conference(key))
    return Response(data, media_type=ATOM_TYPE)


def create_app(hosts: Sequence[str] = ("127.0.0.1", "localhost"), lang: str | None = None) -> Starlette:
    """The application; ``hosts`` are the names the ``Host`` header may carry; ``lang``, the
    language the person chose explicitly (None: each browser's, see :func:`page_language`)."""
    routes = [
        Route("/", _page(_upcoming, lang)),
        Route("/conf/{key}", _page(_conference, lang)),
        Route("/recommend", _page(_recommend, lang)),
        Route("/mine", _page(_mine, lang)),
        Route("/calendar/deadlines.ics", _deadlines_ics),
        Route("/calendar/mine.ics", _mine_ics),
        Route("/changes.atom", _changes_atom),
        Mount("/static", StaticFiles(directory=render.STATIC), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
    ]
    return Starlette(routes=routes, middleware=middleware)
