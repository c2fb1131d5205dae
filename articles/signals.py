"""Signals the domain sends for changes that no model signal announces.

A conditional ``UPDATE`` (``QuerySet.update``) saves rows without
``post_save``; where such a write changes what readers see, the domain
sends ``reader_content_changed`` so the apps that keep copies of pages
(the reader's page cache) can renew them without the domain knowing they
exist.
"""

from django.dispatch import Signal

# Sent with ``sender`` the model class whose rows changed.
reader_content_changed = Signal()
