"""What the Help menu shows: ``shortcuts_dialog`` lists every keyboard shortcut of a window,
read from its actions and shortcuts (so the list cannot drift from the keys that work).

May import: ``widgets``.
"""
