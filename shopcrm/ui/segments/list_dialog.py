"""Tools → Segments…: the customers of one segment, and what to do with all of them at once.

The list is a Qt model filled a page at a time (keyset pages of
:func:`shopcrm.core.segments.segment_members`, read off the GUI thread); "More" reads the next
page. The bulk actions work on the whole segment, not only the rows loaded:

- *Tag all…* gives every one of them a tag (:func:`~shopcrm.core.segments.bulk.tag_segment`);
- *Voucher for all…* opens the voucher run with them as its hand-picked list (the run leaves
  out customers who asked not to be contacted);
- *Export for mailing…* (owner) writes a CSV for a mailing tool without the do-not-contact
  customers and those with no email, and says how many were left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopcrm.ui.ops import Op, Task, run_op
from shopcrm.ui.shop.till import Till
from shopcrm.ui.widgets.plural import plural_tr
from shopcrm.ui.widgets.segment_badge import segment_icon, segment_name

if TYPE_CHECKING:
    from shopcrm.core.segments import SegmentMember
    from shopcrm.core.segments.bulk import MailingList

PAGE = 500
ID_ROLE = Qt.ItemDataRole.UserRole


class SegmentsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        from shopcrm.core.segments import SEGMENTS

        super().__init__(parent)
        self.setWindowTitle(self.tr("Segments"))
        self.resize(760, 520)
        self.segment = QComboBox()
        for key in SEGMENTS:
            self.segment.addItem(segment_icon(key), segment_name(key), key)
        self.segment.currentIndexChanged.connect(self.reload)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Phone"), self.tr("Email"), self.tr("Contact")]
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.more = QPushButton(self.tr("&More"))
        self.more.clicked.connect(self.load_more)
        self.count = QLabel()
        self.tag_button = QPushButton(self.tr("&Tag all…"))
        self.tag_button.clicked.connect(self.tag_all)
        self.voucher_button = QPushButton(self.tr("&Voucher for all…"))
        self.voucher_button.clicked.connect(self.voucher_for_all)
        self.export_button = QPushButton(self.tr("&Export for mailing…"))
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Segment:")))
        top.addWidget(self.segment, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        actions.addWidget(self.more)
        for button in (self.tag_button, self.voucher_button, self.export_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.last_id = 0
        self.op: Op | None = None
        self.message = ""
        self.reload()

    def current(self) -> str:
        return str(self.segment.currentData())

    def reload(self) -> None:
        self.model.setRowCount(0)
        self.last_id = 0
        self.load_more()

    def load_more(self) -> None:
        segment, after = self.current(), self.last_id

        def work(_task: Task) -> list[SegmentMember]:
            from shopcrm.core.segments import segment_members

            return segment_members(segment, after_id=after, limit=PAGE)

        self.more.setEnabled(False)
        self.op = run_op(self, work, lambda page: self._add(segment, page))

    def _add(self, segment: str, page: list[SegmentMember]) -> None:
        from shopcrm.core import settings
        from shopcrm.core.validation import format_phone

        if segment != self.current():
            return  # another segment was chosen meanwhile
        region = settings.load().phone_region
        no = self.tr("do not contact")
        for member in page:
            name = QStandardItem(f"{member.first_name} {member.last_name}".strip())
            name.setData(member.customer_id, ID_ROLE)
            contact = QStandardItem(no if member.do_not_contact else "")
            phone = QStandardItem(format_phone(member.phone, region))
            self.model.appendRow([name, phone, QStandardItem(member.email), contact])
        if page:
            self.last_id = page[-1].customer_id
            self.table.resizeColumnsToContents()
        self.more.setEnabled(len(page) == PAGE)
        self.count.setText(self.tr("%1 listed").replace("%1", self._number(self.model.rowCount())))
        self.op = None

    @staticmethod
    def _number(value: int) -> str:
        from shopcrm.ui.widgets.formatting import shop_formats

        return shop_formats().number(value)

    def tag_all(self) -> None:
        tag, ok = QInputDialog.getText(self, self.tr("Tag all"), self.tr("Tag:"))
        if ok and tag.strip():
            self.tag_segment(tag)

    def tag_segment(self, tag: str) -> Op:
        segment = self.current()
        till = Till.of(self)
        staff_id = till.staff_id if till is not None else None

        def work(_task: Task) -> int:
            from shopcrm.core.segments.bulk import tag_segment

            return tag_segment(segment, tag, staff_id=staff_id)

        def done(count: int) -> None:
            self.message = plural_tr("SegmentsDialog", "Tagged %n customer(s).", count)
            self.count.setText(self.message)

        return run_op(self, work, done, writes=True)

    def voucher_for_all(self) -> None:
        from shopcrm.core.segments.bulk import all_members
        from shopcrm.ui.vouchers.wizard.wizard import VoucherWizard

        ids = [m.customer_id for m in all_members(self.current())]
        VoucherWizard.ask(self.parentWidget(), hand_picked=ids)

    def export(self) -> None:
        till = Till.of(self)
        if till is not None and not till.requires_owner(self.tr("export a mailing list")):
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export for mailing"), f"{self.current()}.csv", "CSV (*.csv)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> Op:
        segment = self.current()
        till = Till.of(self)
        owner = till.owner if till is not None else None

        def work(_task: Task) -> MailingList:
            from shopcrm.core.segments.bulk import mailing_list

            mailing = mailing_list(segment, owner=owner)
            path.write_text(mailing.csv_text(), encoding="utf-8")
            return mailing

        def done(mailing: MailingList) -> None:
            self.message = (
                self.tr(
                    "Exported %1; left out %2 who asked not to be contacted, %3 with no email"
                    " and %4 who never said yes to email."
                )
                .replace("%1", self._number(len(mailing.rows)))
                .replace("%2", self._number(mailing.left_out_do_not_contact))
                .replace("%3", self._number(mailing.left_out_no_email))
                .replace("%4", self._number(mailing.left_out_no_email_consent))
            )
            self.count.setText(self.message)

        return run_op(self, work, done)

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> SegmentsDialog:
        dialog = cls(parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
