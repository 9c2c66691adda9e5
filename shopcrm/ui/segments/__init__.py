"""A customer list filtered by segment, with bulk actions (see :mod:`.list_dialog`)."""
