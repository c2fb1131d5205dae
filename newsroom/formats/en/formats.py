"""English (``en``): the seed page's own formats.

"Wednesday April 24, 2024" in the banner, "January 18, 2017" under the
headline. ``BANNER_DATE_FORMAT`` is the newsroom's own name, read by the
reader's ``local_date`` filter; the rest are Django's.
"""

BANNER_DATE_FORMAT = "l F j, Y"
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "m/d/Y"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
FIRST_DAY_OF_WEEK = 0
