"""The message classifier: hateful, offensive, neutral or counter-speech; threat; target groups.

Pure Python and scikit-learn: no Flask or database imports outside `cli.py`.
"""
