"""Scale-out: the ingest pipeline on a Dask cluster, from a laptop's LocalCluster to SSH or
Kubernetes clusters (see docs/deploy.md).

    >>> from marsad.scale import ingest_distributed
    >>> ingest_distributed(["crawl/"], "postgresql://marsad@db/marsad", workers=8)

Dask is an optional dependency (`pip install marsad[dask]`); importing this package does not
need it, running it does.
"""

from __future__ import annotations

from .executor import ScaleSummary, close_client, ingest_distributed, start_client

__all__ = ["ScaleSummary", "close_client", "ingest_distributed", "start_client"]
