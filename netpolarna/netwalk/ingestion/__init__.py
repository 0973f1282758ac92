"""Ingestion: connector batches prepared (pseudonyms, language, scores) and stored."""
