"""Batch ingestion: documents into the store through a pool of worker processes."""
