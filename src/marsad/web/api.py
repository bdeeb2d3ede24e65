"""The JSON API (`/api/...`); FastAPI documents it at `/docs` and `/openapi.json`."""

from __future__ import annotations

import datetime as dt
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, Field

from ..store import review as R
from . import articles as A
from .app import check_token

router = APIRouter(prefix="/api", tags=["incidents"])

SortKey = Literal["date", "type", "country", "admin1", "fatalities", "n_documents", "last_reported", "id"]
ReviewFilter = Literal["any", "unreviewed", "confirmed", "rejected", "corrected"]
# The filter form submits its empty date inputs as `since=&until=`; those mean "no limit".
OptionalDate = Annotated[dt.date | None, BeforeValidator(lambda v: v or None)]


def filters(
    since: Annotated[OptionalDate, Query(description="Incidents on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[OptionalDate, Query(description="Incidents on or before this date (YYYY-MM-DD).")] = None,
    country: str | None = Query(None, max_length=100, description="Country name or ISO 3166-1 alpha-2 code."),
    admin1: str | None = Query(None, max_length=200, description="First-level administrative division (exact)."),
    type: str | None = Query(None, max_length=100, description="Marsad type, ACLED event type or PLOVER type."),
    actor: str | None = Query(None, max_length=200, description="Actor id, name or Arabic name (substring)."),
    outlet: str | None = Query(None, max_length=200, description="Outlet or reported source (substring)."),
    q: str | None = Query(None, max_length=200, description="Text in the articles; Arabic spelling variants "
                                                             "(أ/إ/ا, ة/ه, ى/ي, diacritics) match each other."),
    review: ReviewFilter = Query("any", description="Review state."),
    sort: SortKey = Query("date"),
    order: Literal["asc", "desc"] = Query("desc"),
    limit: int = Query(50, ge=1, le=R.MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> R.IncidentQuery:
    return R.IncidentQuery(since=since, until=until, country=country, admin1=admin1, type=type, actor=actor,
                           outlet=outlet, q=q, review=review, sort=sort, order=order, limit=limit, offset=offset)


class IncidentPage(BaseModel):
    total: int = Field(description="Incidents matching the filters.")
    limit: int
    offset: int
    items: list[dict[str, Any]] = Field(description="Effective incidents (corrections applied); `machine` "
                                                    "holds the machine values of corrected fields.")


class TimelineDay(BaseModel):
    date: dt.date
    type: str
    count: int


class ReviewBody(BaseModel):
    reviewer: str = Field(min_length=1, max_length=200, description="Who decides (name or initials).")
    note: str | None = Field(None, max_length=2000)


class CorrectionBody(ReviewBody):
    field: Literal["type", "actor1", "actor2", "location", "date", "fatalities"]
    value: Any = Field(description="type: event type name; actor1/actor2: name, {name, id, name_ar, inter, code} "
                                   "or null; location: {name, admin1, admin2, country, iso2, lat, lon}; "
                                   "date: YYYY-MM-DD; fatalities: whole number.")


class RevertBody(ReviewBody):
    field: Literal["type", "actor1", "actor2", "location", "date", "fatalities", "status"] | None = None


class MergeBody(ReviewBody):
    other: str = Field(min_length=1, max_length=64, description="Incident folded into this one.")


class UploadedFile(BaseModel):
    name: str = Field(min_length=1, max_length=500, description="File name; its extension picks the reader "
                                                                 "(.txt, .html, .json, .jsonl).")
    # No max_length here: an oversized file is reported by name (`A.decode_upload`), and the
    # request as a whole is bounded by the app's body limit.
    content_base64: str = Field(description=f"The file's bytes, base64 (at most {A.MAX_FILE_BYTES // 2**20} MB "
                                            "decoded).")


class ArticlesBody(BaseModel):
    text: str | None = Field(None, max_length=A.MAX_PASTE_CHARS, description="Pasted article text or HTML.")
    title: str | None = Field(None, max_length=1000, description="Title of the pasted article.")
    files: list[UploadedFile] = Field(default_factory=list, max_length=A.MAX_FILES)
    date: dt.date | None = Field(None, description="Publication date for articles that carry none.")
    url: str | None = Field(None, max_length=2000, description="URL for articles that carry none.")
    outlet: str | None = Field(None, max_length=200, description="Outlet for articles that carry none.")
    store: bool = Field(True, description="Store the articles and their incidents (false: extract only).")


class ArticleFailure(BaseModel):
    source: str = Field(description="The file (and line or record) or 'pasted text'.")
    reason: str


class ArticleResult(BaseModel):
    source: str
    status: str = Field(description="new, updated, unchanged (already stored) or preview (not stored).")
    document_id: str | None
    title: str | None
    url: str | None
    outlet: str | None
    publication_date: dt.date | None
    language: str | None
    events: list[dict[str, Any]] = Field(description="The events extracted (type, date, place, actors, "
                                                     "fatalities, evidence).")
    incidents: list[dict[str, Any]] = Field(description="The incidents the stored events belong to.")


class ArticlesResult(BaseModel):
    saved: bool
    documents: list[ArticleResult]
    failures: list[ArticleFailure]


def _store(request: Request):
    return request.app.state.store


@router.get("/incidents", response_model=IncidentPage, summary="List incidents (filtered, sorted, paged)")
def list_incidents(request: Request, query: R.IncidentQuery = Depends(filters)):
    # Serialised by the store rather than validated against `IncidentPage` again (re-validating 50
    # nested dicts per request was a fifth of its time); JSON columns go out as the stored text,
    # and whole bodies are cached until the next write (`R.incidents_page_json`).
    return Response(R.incidents_page_json(_store(request), query), media_type="application/json")


def _download(store, query, fmt: str, media: str, filename: str) -> Response:
    from ..export import exporter

    buf = io.BytesIO()
    exporter(fmt).write(R.export_rows(store, query), buf)
    return Response(buf.getvalue(), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/incidents.csv", summary="Download the filter as ACLED-shaped CSV",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def download_csv(request: Request, query: R.IncidentQuery = Depends(filters)):
    return _download(_store(request), query, "csv-acled", "text/csv; charset=utf-8", "marsad-incidents.csv")


@router.get("/incidents.geojson", summary="Download the filter as GeoJSON",
            response_class=Response, responses={200: {"content": {"application/geo+json": {}}}})
def download_geojson(request: Request, query: R.IncidentQuery = Depends(filters)):
    return _download(_store(request), query, "geojson", "application/geo+json", "marsad-incidents.geojson")


@router.get("/timeline", response_model=list[TimelineDay], summary="Incident counts per day and type")
def get_timeline(request: Request, query: R.IncidentQuery = Depends(filters)):
    return R.timeline(_store(request), query)


@router.get("/facets", response_model=dict[str, list[str]], summary="Values for the filter drop-downs")
def get_facets(request: Request):
    return R.facets(_store(request))


@router.get("/incidents/{incident_id}", summary="One incident: every mention, source and evidence offset, "
                                                "and the review history")
def get_incident(request: Request, incident_id: str):
    detail = R.incident_detail(_store(request), incident_id)
    if detail is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return detail


@router.get("/documents/{document_id}", tags=["documents"],
            summary="One article: clean text, removed lines, sentences, entity/quote/evidence spans")
def get_document(request: Request, document_id: str):
    detail = R.document_detail(_store(request), document_id)
    if detail is None:
        raise HTTPException(404, f"no document {document_id!r}")
    return detail


@router.get("/incidents/{incident_id}/history", tags=["review"], summary="Review history of an incident")
def get_history(request: Request, incident_id: str):
    return R.history(_store(request), incident_id)


@router.post("/incidents/{incident_id}/confirm", tags=["review"], dependencies=[Depends(check_token)],
             summary="Confirm an incident")
def confirm(request: Request, incident_id: str, body: ReviewBody):
    return R.set_status(_store(request), incident_id, "confirmed", reviewer=body.reviewer, note=body.note)


@router.post("/incidents/{incident_id}/reject", tags=["review"], dependencies=[Depends(check_token)],
             summary="Reject an incident (left out of downloads)")
def reject(request: Request, incident_id: str, body: ReviewBody):
    return R.set_status(_store(request), incident_id, "rejected", reviewer=body.reviewer, note=body.note)


@router.post("/incidents/{incident_id}/corrections", tags=["review"], dependencies=[Depends(check_token)],
             summary="Correct one field (stored apart from the machine value, with who and when)")
def post_correction(request: Request, incident_id: str, body: CorrectionBody):
    return R.correct(_store(request), incident_id, body.field, body.value, reviewer=body.reviewer, note=body.note)


@router.post("/incidents/{incident_id}/revert", tags=["review"], dependencies=[Depends(check_token)],
             summary="Return a field (or everything) to the machine value")
def post_revert(request: Request, incident_id: str, body: RevertBody):
    return R.clear_overrides(_store(request), incident_id, body.field, reviewer=body.reviewer, note=body.note)


@router.post("/incidents/{incident_id}/merge", tags=["review"], dependencies=[Depends(check_token)],
             summary="Fold incident `other` into this one")
def post_merge(request: Request, incident_id: str, body: MergeBody):
    return R.merge(_store(request), incident_id, body.other, reviewer=body.reviewer, note=body.note)


@router.post("/mentions/{mention_id}/split", tags=["review"], dependencies=[Depends(check_token)],
             summary="Take an event mention out of its incident into a new one")
def post_split(request: Request, mention_id: str, body: ReviewBody):
    return R.split(_store(request), mention_id, reviewer=body.reviewer, note=body.note)


@router.post("/articles", tags=["articles"], dependencies=[Depends(check_token)], response_model=ArticlesResult,
             summary="Add articles: extract events from pasted text/HTML or uploaded files, and store them")
def post_articles(request: Request, body: ArticlesBody):
    records = []
    if body.text is not None and body.text.strip():
        records.append(A.pasted_record(body.text, body.title))
    for f in body.files:
        try:
            records.extend(A.upload_records(A.decode_upload(f.name, f.content_base64)))
        except A.InputError as exc:
            records.append(A.ReadFailure(exc.source, exc.reason))
    if not records:
        raise HTTPException(422, "nothing to add: paste an article or choose a file")
    return A.add_articles(_store(request), records, pipeline=A.pipeline_for(request.app), save=body.store,
                          date=body.date, url=body.url, outlet=body.outlet)
