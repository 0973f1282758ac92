"""`netpolarna model train|evaluate` and `netpolarna classify`.

Training runs here, in the CLI, never in a request. `register_cli(group)` attaches the commands
to the app's `netpolarna` group. This module is the composition root of the two models: the
message classifier (`classifier/`, which knows nothing of threads) and the pile-on thread model
(`detection/thread_model.py`, trained on top of it), saved as its own file in the same version
folder.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from netpolarna.netwalk.classifier import public_sets, registry
from netpolarna.netwalk.classifier.classify_stream import DEFAULT_BATCH_SIZE, classify_lines
from netpolarna.netwalk.classifier.corpus import Example, load_corpus, split_held_out
from netpolarna.netwalk.classifier.coverage import WITHOUT_PUBLIC_CORPORA, lacks_public_corpora
from netpolarna.netwalk.classifier.evaluate import (
    evaluate,
    evaluate_functional,
    format_functional_table,
    format_table,
)
from netpolarna.netwalk.classifier.model import Classifier, ModelLoadError, load_model
from netpolarna.netwalk.classifier.train import train_model, write_model
from netpolarna.netwalk.detection.blind import (
    blind_dirs,
    evaluate_blind_sets,
    evaluate_blind_threads,
    format_blind,
)
from netpolarna.netwalk.detection.thread_corpus import (
    STAFF_THREADS_EXTENSION,
    load_training_threads,
    split_threads,
)
from netpolarna.netwalk.detection.thread_model import (
    THREAD_MODEL_FILENAME,
    LabelledThread,
    load_thread_model,
    train_thread_model,
)

log = logging.getLogger(__name__)

# The app that has a message store puts a callable here (app.extensions) giving staff labels.
StaffExamples = Callable[[], Sequence[Example]]
STAFF_EXAMPLES_EXTENSION = "netpolarna.staff_examples"


def _staff_examples() -> Sequence[Example]:
    supplier = current_app.extensions.get(STAFF_EXAMPLES_EXTENSION)
    return supplier() if supplier is not None else ()


def _staff_threads() -> Sequence[LabelledThread]:
    supplier = current_app.extensions.get(STAFF_THREADS_EXTENSION)
    return supplier() if supplier is not None else ()


def _corpus_dirs(option: tuple[str, ...]) -> list[str]:
    if option:
        return list(option)
    return [str(d) for d in current_app.config.get("CORPUS_DIRS") or []]


@click.group("model")
def model_group() -> None:
    """Train, evaluate and inspect the message classifier."""


@model_group.command("train")
@click.option(
    "--corpus-dir",
    "corpus_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Folder with public corpora (repeatable); default: the CORPUS_DIRS setting.",
)
@click.option("--activate/--no-activate", default=True, show_default=True)
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--progress/--no-progress", default=True, show_default=True)
@with_appcontext
def train_command(corpus_dirs: tuple[str, ...], activate: bool, seed: int, progress: bool) -> None:
    """Train on the project corpus, public corpora and staff labels; write a new version."""
    corpus = load_corpus(_corpus_dirs(corpus_dirs), extra=_staff_examples())
    threads, held_out_threads = split_threads(load_training_threads() + list(_staff_threads()))
    click.echo(
        f"training on {len(corpus.examples)} examples from {', '.join(corpus.sources)} "
        f"and {len(threads)} labelled threads ({len(held_out_threads)} more held out)"
    )
    if lacks_public_corpora(corpus.sources):
        click.secho(f"WARNING: {WITHOUT_PUBLIC_CORPORA}", err=True, fg="red", bold=True)
        log.warning("the classifier is being %s", WITHOUT_PUBLIC_CORPORA)
    trained = train_model(corpus, seed=seed, progress=progress)
    # The pile-on model is trained on top of the message model and saved beside it.
    thread_model = train_thread_model(
        trained.classifier,
        threads,
        seed=seed,
        threat_threshold=trained.metrics["threat_reason"]["threshold"],
    )
    if thread_model is not None:
        trained.metrics["threads"] = thread_model.metrics
        if held_out_threads:  # in-distribution: hand-written threads it was not trained on
            thread_model.metrics["held_out"] = evaluate_blind_threads(
                trained.classifier, held_out_threads, thread_model
            )
    # Reported on the card beside the held-out figures, each set on its own; never used to
    # train or tune.
    blind = evaluate_blind_sets(trained.classifier, thread_model=thread_model)
    if blind:
        trained.metrics["blind"] = blind
    extras = {THREAD_MODEL_FILENAME: thread_model} if thread_model is not None else {}
    version = write_model(trained, current_app.instance_path, extras=extras)
    if activate:
        registry.activate(current_app.instance_path, version)
    click.echo(f"version {version}{' (active)' if activate else ''}")
    for lang, block in trained.metrics.get("languages", {}).items():
        click.echo(
            f"  {lang}: macro-F1 {block['macro_f1']:.3f}  accuracy {block['accuracy']:.3f}"
            f"  (n={block['n']})"
        )


@model_group.command("evaluate")
@click.option("--version", default=None, help="Model version; default: the active one.")
@click.option("--corpus-dir", "corpus_dirs", multiple=True, type=click.Path(file_okay=False))
@click.option(
    "--functional",
    is_flag=True,
    help="Instead: accuracy on the HateCheck-style functional suite, overall, per language and "
    "per functionality (hateful vs rest, and 4-label).",
)
@click.option(
    "--public",
    is_flag=True,
    help="Instead: the public HateCheck suite (en) and OffensEval 2020 Danish test split, "
    "found below --public-dir or the folders of NETPOLARNA_EVAL_DIRS (evaluation only).",
)
@click.option("--public-dir", "public_dirs", multiple=True, type=click.Path(file_okay=False))
@click.option(
    "--blind-dir",
    "blind_dir_options",
    multiple=True,
    type=click.Path(file_okay=False),
    help="A blind set (messages/ and threads/) reported beside the held-out figures "
    "(repeatable); default: every blind folder shipped (blind, blind2, ...).",
)
@with_appcontext
def evaluate_command(
    version: str | None,
    corpus_dirs: tuple[str, ...],
    functional: bool,
    public: bool,
    public_dirs: tuple[str, ...],
    blind_dir_options: tuple[str, ...],
) -> None:
    """Print precision/recall/F1 per language and label on the held-out splits, then the
    figures on the blind sets (messages and whole threads)."""
    instance = current_app.instance_path
    try:
        path = (
            registry.model_path(instance, version) if version
            else registry.active_model_path(instance)
        )  # fmt: skip
        classifier = load_model(path)
    except (registry.RegistryError, ModelLoadError) as exc:
        raise click.ClickException(str(exc)) from exc
    if functional:
        metrics = evaluate_functional(classifier)
        click.echo(f"model {path.name}, {metrics['n']} functional test cases")
        click.echo(format_functional_table(metrics))
        return
    if public:
        _evaluate_public(classifier, path.name, public_dirs)
        return
    corpus = load_corpus(_corpus_dirs(corpus_dirs), extra=_staff_examples())
    _, held_out = split_held_out(corpus.examples)
    click.echo(f"model {path.name}, {len(held_out)} held-out examples")
    click.echo(format_table(evaluate(classifier, held_out)))
    folders = [Path(d) for d in blind_dir_options] or blind_dirs()
    reports = evaluate_blind_sets(classifier, folders, thread_model=load_thread_model(path))
    for folder in folders:
        report = reports.get(folder.name)
        if report is None:
            click.echo(f"no blind set in {folder}")
        else:
            click.echo(f"blind set {folder.name} ({folder}):")
            click.echo(format_blind(report))


def _evaluate_public(classifier: Classifier, name: str, public_dirs: tuple[str, ...]) -> None:
    folders = [Path(d) for d in public_dirs or current_app.config.get("EVAL_DIRS") or []]
    hatecheck = public_sets.find_file(folders, public_sets.HATECHECK_FILE)
    danish = public_sets.find_file(folders, public_sets.DANISH_TEST_FILE)
    if hatecheck is None and danish is None:
        raise click.ClickException(
            f"neither {public_sets.HATECHECK_FILE} nor {public_sets.DANISH_TEST_FILE} below "
            f"{', '.join(map(str, folders)) or '(no folder: set NETPOLARNA_EVAL_DIRS)'}"
        )
    click.echo(f"model {name}")
    try:
        if hatecheck is not None:
            metrics = public_sets.evaluate_hatecheck(
                classifier, public_sets.load_hatecheck(hatecheck)
            )
            click.echo(public_sets.format_public(f"HateCheck ({hatecheck})", metrics))
        if danish is not None:
            metrics = public_sets.evaluate_danish_test(
                classifier, public_sets.load_danish_test(danish)
            )
            click.echo(public_sets.format_public(f"OffensEval-da test ({danish})", metrics))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@model_group.command("list")
@with_appcontext
def list_command() -> None:
    """List trained versions; the active one is starred."""
    active = registry.active_version(current_app.instance_path)
    for name in registry.list_versions(current_app.instance_path):
        click.echo(f"{'*' if name == active else ' '} {name}")


@model_group.command("activate")
@click.argument("version")
@with_appcontext
def activate_command(version: str) -> None:
    """Make VERSION the active model."""
    try:
        registry.activate(current_app.instance_path, version)
    except registry.RegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"active: {version}")


@model_group.command("rollback")
@with_appcontext
def rollback_command() -> None:
    """Re-activate the previously active model."""
    try:
        version = registry.rollback(current_app.instance_path)
    except registry.RegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"active: {version}")


@click.command("classify")
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=int)
@with_appcontext
def classify_command(batch_size: int) -> None:
    """Read JSON lines {"id", "text", "lang"?} on stdin; write one result line per input."""
    try:
        classifier = load_model(registry.active_model_path(current_app.instance_path))
    except (registry.RegistryError, ModelLoadError) as exc:
        raise click.ClickException(str(exc)) from exc
    classify_lines(sys.stdin, sys.stdout, classifier, batch_size=batch_size)


def register_cli(cli_group: click.Group) -> None:
    """Attach `model ...` and `classify` to `cli_group`."""
    cli_group.add_command(model_group)
    cli_group.add_command(classify_command)
