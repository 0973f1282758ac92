"""Pieces shared by every domain: API plumbing, problem schema, pagination, i18n."""
