"""The benchmark's reference: a Django project as ``startproject`` makes it, one bare view.

Served beside Newsroom with the same gunicorn settings, it answers
``/bytes/<n>/`` with ``n`` bytes, so each Newsroom page is compared with a
bare Django response of its own size, in the same run on the same machine.
"""
