"""British English (``en-gb``): day before month, no commas.

"Wednesday 24 April 2024" in the banner, "18 January 2017" under the headline.
"""

BANNER_DATE_FORMAT = "l j F Y"
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
