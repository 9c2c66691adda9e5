"""The Today page: who to greet, call back or win back today (see :mod:`.page`, :mod:`.start`)."""
