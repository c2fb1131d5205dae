"""Word to the desk when a story moves: in the desk and by e-mail.

See ``notifications.notify`` (who is told what) and ``notifications.due``
(what the clock does: embargoes lifting, scheduled stories going live).
"""
