"""The analyst web app: a FastAPI JSON API and server-rendered pages over the corpus store.

    >>> from marsad.web import create_app
    >>> app = create_app("sqlite:///corpus.db")   # serve with uvicorn, or `marsad serve`
"""

from .app import create_app

__all__ = ["create_app"]
