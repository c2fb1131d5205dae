"""Slow work outside the request: Celery tasks, enqueued when the transaction commits.

See ``jobs.queue``.
"""
