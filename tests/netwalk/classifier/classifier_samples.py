"""Tiny samples of each public corpus format, shared by the classifier tests."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from netpolarna.netwalk.model_cli import register_cli

DAVIDSON_SAMPLE = (
    ",count,hate_speech,offensive_language,neither,class,tweet\n"
    '0,3,0,0,3,2,"!!! RT @mayasolovely: As a woman you shouldn\'t complain &amp; stuff"\n'
    "1,3,0,3,0,1,!!!!! RT @mleew17: boy dats cold...tyga dwn bad for cuffin dat hoe\n"
    '2,3,2,1,0,0,"@someone go back to your country you filthy immigrant\nscum"\n'
    "3,3,0,0,3,2,what a lovely day at the beach\n"
)
DKHATE_SAMPLE = (
    "id\ttweet\tsubtask_a\n"
    "3131\tJeg tror det vil være dejlig køligt i morgen.\tNOT\n"
    "2500\tNu er det jo også de Ikea-aber der har lavet spillet..\tOFF\n"
    "4000    [deleted]   NOT\n"
    "17\tHold kæft hvor er du dum\tOFF\n"
)


def write_public_samples(root: Path) -> Path:
    (root / "davidson2017").mkdir(parents=True)
    (root / "davidson2017" / "labeled_data.csv").write_text(DAVIDSON_SAMPLE, encoding="utf-8")
    (root / "dkhate").mkdir()
    (root / "dkhate" / "offenseval-da-training-v1.tsv").write_text(DKHATE_SAMPLE, "utf-8")
    (root / "ldnoobw").mkdir()
    for name, words in {
        "sv": "fitta\nhora\n",
        "da": "kælling\n",
        "no": "faen\n",
        "en": "fuck\n",
    }.items():
        (root / "ldnoobw" / f"{name}.txt").write_text(words, encoding="utf-8")
    return root


def make_cli_app(instance: Path, corpus_dirs: list[str]) -> Flask:
    app = Flask("classifier_test", instance_path=str(instance))
    app.config["CORPUS_DIRS"] = corpus_dirs
    group = click.Group("netpolarna")
    register_cli(group)
    app.cli.add_command(group.commands["model"])
    app.cli.add_command(group.commands["classify"])
    return app
