"""The application factory."""

from __future__ import annotations

import contextlib
import hmac
import os
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders

from . import assets

HERE = Path(__file__).parent
TOKEN_HEADER = "X-Marsad-Token"


def create_app(db=None, *, store=None, token: str | None = None, assets_dir: str | os.PathLike | None = None,
               pipeline=None) -> FastAPI:
    """A FastAPI app over the store `db` (URL or path; default as `marsad.store.open`).

    `token`: when set, every write endpoint requires it in the `X-Marsad-Token` header (the CLI
    sets one whenever the app listens beyond the loopback interface).  `assets_dir`: where
    `marsad web build-assets` installed the map libraries (default: `assets.default_dir()`).
    `pipeline`: for "add articles" (default: `Pipeline.default()`, loaded on first use)."""
    from ..store import Store, list_index
    from ..store.review import ReviewError, prepare_engine
    from .api import router as api_router
    from .views import router as views_router

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        # The incident list's index is built before the first request (about 1.5 s per 100,000
        # incidents): built in the background under load instead, it competed with the requests
        # for the interpreter and took ten times as long.  Later rebuilds run in the background.
        await anyio.to_thread.run_sync(lambda: list_index.wait(app.state.store, timeout=30))
        yield

    app = FastAPI(title="Marsad", version=_version(), lifespan=lifespan,
                  description="Conflict incidents coded by machine from news reports: list, filter, "
                              "inspect the evidence, review and correct.  Corrections are stored apart "
                              "from machine output, with who and when, and are what downloads use.")
    app.state.store = store if store is not None else Store.open(db)
    prepare_engine(app.state.store.engine)
    app.state.token = token
    app.state.pipeline = pipeline
    app.state.assets_dir = Path(assets_dir) if assets_dir else assets.default_dir()

    @app.exception_handler(ReviewError)
    async def _review_error(request: Request, exc: ReviewError):
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(KeyError)
    async def _not_found(request: Request, exc: KeyError):
        return JSONResponse({"detail": exc.args[0] if exc.args else "not found"}, status_code=404)

    app.add_middleware(_Guard)
    app.include_router(api_router)
    app.include_router(views_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/vendor/{name:path}", include_in_schema=False)
    def vendor(name: str):
        path = assets.asset_path(name, app.state.assets_dir)
        if path is None:
            raise HTTPException(404, f"{name}: not a served front-end file, or not installed "
                                     "(run `marsad web build-assets`)")
        return FileResponse(path, headers={"Cache-Control": "max-age=86400"})

    @app.get("/", include_in_schema=False)
    def root():
        return RedirectResponse("/incidents")

    return app


_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class _Guard:
    """Refuses oversized request bodies and adds the security headers to every response.  Plain
    ASGI: the `@app.middleware("http")` form runs each request in an extra task with its own
    streams, which was a third of a cached list request's cost."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from .articles import MAX_BODY_BYTES

        length = (dict(scope["headers"]).get(b"content-length") or b"0").decode("latin-1")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            response = JSONResponse({"detail": f"request body too large (limit {MAX_BODY_BYTES // 2**20} MB); "
                                               "add fewer or smaller files at a time"}, status_code=413)
            return await response(scope, receive, send)
        # Scraped text is escaped by the templates; the policy is a second wall: no inline or
        # foreign script, no foreign connections.  (The /docs page loads its own scripts.)
        with_csp = "/docs" not in scope["path"]

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if with_csp:
                    headers.setdefault("Content-Security-Policy", _CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def check_token(request: Request) -> None:
    """Dependency of every write endpoint."""
    expected = request.app.state.token
    if expected:
        given = request.headers.get(TOKEN_HEADER) or ""
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise HTTPException(401, f"write access needs the {TOKEN_HEADER} header with the server's token")
    # A JSON content type forces a CORS preflight, so another site's page cannot post here.
    if not (request.headers.get("content-type") or "").startswith("application/json"):
        raise HTTPException(415, "write requests must be JSON (Content-Type: application/json)")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("marsad")
    except Exception:
        return "0"
