"""`marsad train gsr DIR [--out PATH] [--authored-weight W]`: fit the learned sentence scorer on
the Arabic event GSR (plus the packaged authored sentences, on the training side only).

Exit codes: 0 written, 2 bad input (missing folder/file, too few labelled sentences) - one
error line on stderr.  The same folder gives the same artifact (fixed seeds, deterministic
fitting); only `metadata.date` changes, and `--date` pins it."""

from __future__ import annotations

import datetime as dt
import sys

import click

from . import main


@main.group("train")
def train_group() -> None:
    """Train Marsad's learned components."""


@train_group.command("gsr")
@click.argument("directory", metavar="DIR")
@click.option("--out", "out_path", metavar="PATH", help="Where to write the artifact (default: the packaged model).")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Date recorded in the metadata (default: today).")
@click.option("--authored-weight", type=click.FloatRange(min=0.0), default=None, metavar="W",
              help="Weight of each sentence of the packaged authored training file (learn/data/"
                   "authored_sentences.yaml; training folds only); 0 leaves them out.  Default: "
                   "TrainParams.authored_weight.")
@click.option("--quiet", "-q", is_flag=True, help="No per-type summary on stderr.")
def train_gsr_command(directory: str, out_path: str | None, date_text: str | None, authored_weight: float | None,
                      quiet: bool) -> None:
    """Fit the ASSAULT/PROTEST sentence scorer on the GSR CSVs in DIR (openeventdata/arabic_event_gsr)."""
    from ..evaluate.gsr import GsrError
    from ..learn.authored import AuthoredDataError
    from ..learn.train import DEFAULT_ARTIFACT, TrainParams, train_gsr, write_artifact

    try:
        today = dt.date.fromisoformat(date_text) if date_text else None
    except ValueError:
        click.echo(f"error: --date: not an ISO date (YYYY-MM-DD): {date_text!r}", err=True)
        sys.exit(2)
    log = None if quiet else (lambda msg: click.echo(msg, err=True))
    try:
        params = TrainParams() if authored_weight is None else TrainParams(authored_weight=authored_weight)
        artifact = train_gsr(directory, params, today=today, log=log)
    except (GsrError, AuthoredDataError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    path = write_artifact(artifact, out_path or DEFAULT_ARTIFACT)
    click.echo(str(path))


@train_group.command("confidence")
@click.argument("directory", metavar="DEVSET_DIR")
@click.option("--out", "out_path", metavar="PATH", help="Where to write the model (default: the packaged model).")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Date recorded in the metadata (default: today).")
@click.option("--data", "data_label", metavar="TEXT", help="How the metadata names the data (default: folder name and size).")
@click.option("--l2", type=float, default=None, help="L2 penalty (default: the module's DEFAULT_L2).")
@click.option("--folds", type=int, default=None, help="Document folds for the cross-validated table (default 5).")
@click.option("--quiet", "-q", is_flag=True, help="No reliability summary on stderr.")
def train_confidence_command(directory: str, out_path: str | None, date_text: str | None, data_label: str | None,
                             l2: float | None, folds: int | None, quiet: bool) -> None:
    """Calibrate event confidence on a gold set in the devset format (index.tsv, docs/, gold/)."""
    from ..extraction import confidence

    try:
        today = dt.date.fromisoformat(date_text) if date_text else None
    except ValueError:
        click.echo(f"error: --date: not an ISO date (YYYY-MM-DD): {date_text!r}", err=True)
        sys.exit(2)
    if l2 is not None and l2 <= 0 or folds is not None and folds < 2:
        click.echo("error: --l2 must be positive and --folds at least 2", err=True)
        sys.exit(2)
    log = None if quiet else (lambda msg: click.echo(msg, err=True))
    try:
        model = confidence.train(directory, l2=confidence.DEFAULT_L2 if l2 is None else l2,
                                 folds=folds or confidence.DEFAULT_FOLDS, data=data_label, today=today, log=log)
    except ValueError as exc:  # DevsetError is a ValueError and names the file
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(str(confidence.write_model(model, out_path)))
