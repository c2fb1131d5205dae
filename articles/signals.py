"""Signals the domain sends, so the apps above it can react without being imported.

``story_changed`` is sent by ``articles.changes`` whenever a story is written,
by any path: at once, and again when the transaction commits. Arguments:
``before`` and ``after``, each the story's ``PublicFacts`` or None (a story
that did not exist yet, or no longer exists). Receivers decide what matters
(the reader's page cache renews only pages that show a live story).
"""

from django.dispatch import Signal

story_changed = Signal()

story_moved = Signal()
"""Sent by ``articles.workflow`` after a story moves between states, inside the
move's transaction (so what receivers write is undone with a refused move).
Arguments: ``article`` (the story as stored after the move), ``move`` (its
``ArticleTransition``: action, states, user, note). Notifications listen.
"""

# Sent by ``articles.live`` when what readers see of a story's live updates
# changes (published, corrected, removed, pinned or marked; never a draft),
# at once and again on commit. Argument: ``article``, the story as stored.
live_updates_changed = Signal()
