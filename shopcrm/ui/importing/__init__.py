"""File → Import customers…: the import wizard (file, columns, check, import) over
:mod:`shopcrm.core.importing`. :mod:`.action` is all the window loads at start; the wizard is
imported when the menu entry is chosen."""
