"""Which database the window will open, and the lock on its file (see
:mod:`shopcrm.db.instance_lock`), while the first-run page (:mod:`shopcrm.ui.first_start`)
moves between the shop, its demo and a server: part of the app's wiring, so the page itself
never touches the storage layer.

The shop's own file is locked but not created until the owner sets the shop up: choosing
the demo, or closing the page, leaves no file where the real data will live.
"""

from __future__ import annotations

from pathlib import Path

from shopcrm.config import choose_database, demo_database
from shopcrm.db import DatabaseLocation, close, open_database, parse_location
from shopcrm.db.instance_lock import InstanceLock


class ShopOpener:
    """The location the app is on, its lock (SQLite), and whether it is open yet; ``shop``
    is where the real shop is (the first location held, or the server chosen)."""

    def __init__(self) -> None:
        self.location: DatabaseLocation | None = None
        self.shop: DatabaseLocation | None = None
        self.lock: InstanceLock | None = None
        self.opened = False

    def take(self, location: DatabaseLocation) -> None:
        """Hold ``location`` (locking a SQLite file) without opening it; whatever was held
        before is closed and let go first."""
        self.release()
        if self.shop is None:
            self.shop = location
        if location.kind == "sqlite":  # several tills on one server is PostgreSQL's point
            lock = InstanceLock(location.target)
            lock.acquire()
            self.lock = lock
        self.location = location

    def open(self) -> None:
        """Open (and migrate) the held location: a new SQLite file is made now."""
        assert self.location is not None
        if not self.opened:
            open_database(self.location)
            self.opened = True

    def switch(self, location: DatabaseLocation) -> None:
        """Hold and open ``location`` instead (the demo, a server)."""
        self.take(location)
        self.open()

    def is_missing(self) -> bool:
        """Whether the held location is a SQLite file that is not there yet (or empty)."""
        location = self.location
        if location is None or location.kind != "sqlite":
            return False
        try:
            return Path(location.target).stat().st_size == 0
        except FileNotFoundError:
            return True

    def needs_setting_up(self) -> bool:
        """Whether the held location has no shop yet; an existing database is opened to
        see (the window would open it anyway), a missing file is not made."""
        if self.is_missing():
            return True
        self.open()
        from shopcrm.core.first_start import shop_is_new

        return shop_is_new()

    def open_shop(self) -> None:
        """Hold and open the real shop (made now when it is a new file)."""
        assert self.shop is not None
        if self.location != self.shop:
            self.take(self.shop)
        self.open()

    def back_to_shop(self) -> None:
        """Hold the real shop again, unopened (after the demo or a server was tried)."""
        assert self.shop is not None
        if self.location != self.shop or self.opened:
            self.take(self.shop)

    def open_demo(self) -> None:
        """Hold and open the demo's own file (:func:`shopcrm.config.demo_database`)."""
        assert self.shop is not None
        self.switch(parse_location(demo_database(self.shop.target)))

    def open_server(self, url: str) -> bool:
        """Open the shop's server and make it this computer's database (the next start opens
        it); whether its shop is new. A refusal leaves the real shop held as before."""
        try:
            self.switch(parse_location(url))
            from shopcrm.core.first_start import shop_is_new

            new = shop_is_new()
            choose_database(url)
        except BaseException:
            self.back_to_shop()
            raise
        self.shop = self.location
        return new

    def release(self) -> None:
        if self.opened:
            close()
            self.opened = False
        if self.lock is not None:
            self.lock.release()  # last: nothing of ours touches the file after this
            self.lock = None
        self.location = None
