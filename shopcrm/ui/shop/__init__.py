"""The shop itself: who is at the till, the staff, the settings and the database's upkeep.

``till`` is the person serving (every action records them); ``till_switcher`` changes them;
``staff_dialog`` and ``settings_dialog`` are the owner's; ``maintenance`` runs the database
check and the search ranks through ``ui.ops`` (the Tools menu).

May import: ``widgets`` only: every other screen package may import this one.
"""
