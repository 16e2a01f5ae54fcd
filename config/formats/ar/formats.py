"""Arabic date formats: Django's Arabic locale gives a date format ("7 ديسمبر، 2026") but no
date-and-time format, so dates with a time fell back to the global English one ("ديسمبر 7,
2026, 3:00 م") and one page showed dates in two orders. The date and time is the date format
followed by the time format."""

DATETIME_FORMAT = "j F، Y، g:i A"
