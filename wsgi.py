"""The gunicorn target: `gunicorn wsgi:app`."""

from netpolarna import create_app

app = create_app()
