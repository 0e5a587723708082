"""The report-model stage: the month's content and computed blocks into one immutable Document."""
