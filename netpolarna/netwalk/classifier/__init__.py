"""The message classifier: hateful, offensive, neutral or counter-speech; threat; target groups.

Pure Python and scikit-learn: no Flask or database imports; its commands live in
`netwalk/model_cli.py`, which also trains the pile-on thread model (`detection/thread_model.py`)
and saves it beside this package's artefact.
"""
