"""`marsad pipeline`: list the pipeline's components."""

import click

from . import main


@main.command("pipeline")
def pipeline_command() -> None:
    """List the default pipeline's components, in order."""
    from ..pipeline import Pipeline

    for name in Pipeline.default().names:
        click.echo(name)
