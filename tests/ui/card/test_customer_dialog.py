"""Quick-add and edit through the customer form; refused input stays in the open form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from shopcrm.core import customers
from shopcrm.ui.card.customer_dialog import CustomerDialog


def _save_button(dialog: CustomerDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_quick_add_with_ctrl_n_opens_the_new_card_and_is_findable(window, qtbot):
    seen: list[CustomerDialog] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CustomerDialog)
        seen.append(dialog)
        dialog.first_name.setText("Zofia")
        qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_in)
    qtbot.keyClick(window.search.search_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert seen, "Ctrl+N did not open the customer form"
    assert customers.customer_count() == 1
    assert window.right.currentWidget() is window.card
    assert window.card.name.text() == "Zofia"
    assert [c.first_name for c in customers.search_customers("zof")] == ["Zofia"]

    qtbot.keyClick(window.card, Qt.Key.Key_Escape)
    qtbot.keyClicks(window.search.search_box, "zof")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)


def test_cancelled_quick_add_saves_nothing(window, qtbot):
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CustomerDialog)
        dialog.first_name.setText("Nobody")
        dialog.reject()

    QTimer.singleShot(0, cancel)
    window.new_customer_action.trigger()
    assert customers.customer_count() == 0
    assert window.right.currentWidget() is window.today.page  # the start page, still


@pytest.mark.parametrize(
    ("field", "setup"),
    [
        ("phone", lambda d: d.phone.setText("12")),
        ("email", lambda d: d.email.setText("not an email")),
        (
            "birthday",
            lambda d: (
                d.birthday_day.setCurrentIndex(d.birthday_day.findData(30)),
                d.birthday_month.setCurrentIndex(d.birthday_month.findData(2)),
            ),
        ),
        ("birthday", lambda d: d.birthday_day.setCurrentIndex(d.birthday_day.findData(5))),
        ("first_name", lambda d: d.first_name.setText("   ")),
    ],
)
def test_refused_field_shows_inline_message_and_nothing_is_saved(qtbot, shop, field, setup):
    dialog = CustomerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    if field != "first_name":
        dialog.first_name.setText("Ada")
    setup(dialog)

    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)

    label = dialog.error_labels[field]
    assert label.isVisible()
    assert label.text()
    assert dialog.isVisible()
    assert dialog.saved_card is None
    assert customers.customer_count() == 0
    others = [name for name, other in dialog.error_labels.items() if other.isVisible()]
    assert others == [field]


def test_fixing_the_field_then_saving_closes_the_form(qtbot, shop):
    dialog = CustomerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first_name.setText("Ada")
    dialog.email.setText("ada@")
    assert not dialog.save()
    assert dialog.error_labels["email"].isVisible()

    dialog.email.setText("ada@example.com")
    assert dialog.save()
    assert not dialog.isVisible()
    assert not dialog.error_labels["email"].isVisible()
    assert dialog.saved_card is not None
    assert customers.get_card(dialog.saved_card.id).email == "ada@example.com"


def test_all_fields_are_saved(qtbot, shop):
    dialog = CustomerDialog()
    qtbot.addWidget(dialog)
    dialog.first_name.setText("Ada")
    dialog.last_name.setText("Lovelace")
    dialog.phone.setText("07911 123456")
    dialog.email.setText("ada@example.com")
    dialog.birthday_day.setCurrentIndex(dialog.birthday_day.findData(10))
    dialog.birthday_month.setCurrentIndex(dialog.birthday_month.findData(12))
    dialog.birthday_year.setValue(1985)
    dialog.tags.setText("Regular, maths ,, ")
    assert dialog.save()

    card = customers.get_card(dialog.saved_card.id)
    assert (card.first_name, card.last_name) == ("Ada", "Lovelace")
    assert card.phone == "+447911123456"
    assert (card.birthday_day, card.birthday_month, card.birthday_year) == (10, 12, 1985)
    assert set(card.tags) == {"regular", "maths"}


def test_edit_is_prefilled_and_updates_the_customer(qtbot, add_customer):
    card = add_customer(
        "Ada", "Byron", phone="+44 7911 123456", birthday_month=12, birthday_day=10, tags=["vip"]
    )
    dialog = CustomerDialog(card=card)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit customer"
    assert dialog.last_name.text() == "Byron"
    assert dialog.birthday_day.currentData() == 10
    assert dialog.birthday_month.currentData() == 12
    assert dialog.customer_input().birthday_year is None
    assert dialog.tags.text() == "vip"

    dialog.last_name.setText("Lovelace")
    assert dialog.save()
    assert customers.get_card(card.id).last_name == "Lovelace"
    assert customers.customer_count() == 1


def test_edit_from_the_card_refreshes_card_and_results(window, qtbot, add_customer):
    card = add_customer("Ada", "Byron")
    qtbot.keyClicks(window.search.search_box, "ada")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)
    window.open_customer(card.id)

    def rename() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CustomerDialog)
        dialog.last_name.setText("Lovelace")
        dialog.save()

    QTimer.singleShot(0, rename)
    window.edit_customer_action.trigger()
    assert window.card.name.text() == "Ada Lovelace"
    assert window.search.model.summary(0).full_name == "Ada Lovelace"


def test_an_edit_is_recorded_as_made_by_the_person_at_the_given_till(qtbot, shop):
    from shopcrm.core import staff
    from shopcrm.db.models import Customer
    from shopcrm.ui.shop.till import Till

    customer = customers.add_customer(customers.CustomerInput("Olga"))
    till = Till()
    till.set_staff(staff.add_staff("Sam"))
    dialog = CustomerDialog(None, customers.get_card(customer.id), till=till)
    qtbot.addWidget(dialog)
    dialog.phone.setText("+44 7911 123456")
    assert dialog.save()
    assert Customer.get_by_id(customer.id).updated_by_id == till.staff_id
