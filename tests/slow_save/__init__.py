"""A test-only app: a save whose headline asks for it waits inside its transaction.

Installed only by ``tests.slow_save.settings``, the settings of the gunicorn
that tests/test_killed_mid_save.py kills mid-save: the article's row is
written, the transaction is still open, and the worker writes its pid to
``NEWSROOM_SLOW_SAVE_FILE`` so the test knows whom to kill and when.
"""
