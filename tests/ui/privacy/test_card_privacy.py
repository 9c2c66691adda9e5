"""The card's Consent and privacy box (both engines): consent changed with its source, a
customer's data saved as JSON, erasure confirmed by the owner and the card following."""

from __future__ import annotations

import json
from pathlib import Path

from shopcrm.core.customers import search_customers
from shopcrm.core.privacy.consent import ConsentState, consent_history, consent_state
from shopcrm.core.privacy.erasure import ERASED_NAME
from shopcrm.ui.privacy import card_panel
from shopcrm.ui.privacy.consent_dialog import NO, UNKNOWN, YES, ConsentDialog

WAIT_MS = 60_000


def test_the_consent_dialog_offers_not_asked_only_until_answered(qtbot) -> None:
    dialog = ConsentDialog(ConsentState(email=True), "Ann")
    qtbot.addWidget(dialog)
    assert dialog.choices["email"].count() == 2  # answered: yes or no, never "not asked" again
    assert dialog.choices["sms"].currentIndex() == UNKNOWN
    assert dialog.answers() == {}
    dialog.choices["email"].setCurrentIndex(NO)
    dialog.choices["post"].setCurrentIndex(YES)
    assert dialog.answers() == {"email": False, "post": True}


def test_consent_is_changed_from_the_card(qtbot, add_customer, open_card, monkeypatch) -> None:
    ann = add_customer("Ann", "Lee", email="ann@example.org").id
    view = open_card(ann)
    assert "Email: not asked" in view.privacy.summary.text()
    monkeypatch.setattr(
        ConsentDialog, "ask", classmethod(lambda cls, state, name, parent: ({"email": True,
                                                                            "sms": False},
                                                                           "paper form"))
    )  # fmt: skip
    with qtbot.waitSignal(view.customer_changed, timeout=WAIT_MS):
        view.privacy.consent_button.click()
    assert consent_state(ann).email is True
    assert [e.source for e in consent_history(ann)] == ["paper form", "paper form"]
    assert "Email: yes" in view.privacy.summary.text()
    assert "Text messages: no" in view.privacy.summary.text()


def test_a_customers_data_is_saved_from_the_card(
    qtbot, add_customer, open_card, monkeypatch, tmp_path: Path
) -> None:
    ann = add_customer("Ann", "Lee", email="ann@example.org").id
    view = open_card(ann)
    target = tmp_path / "ann.json"
    monkeypatch.setattr(card_panel, "ask_save_path", lambda parent, title, suggested: str(target))
    view.privacy.export_button.click()
    qtbot.waitUntil(target.exists, timeout=WAIT_MS)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["customer"]["email"] == "ann@example.org"
    assert target.stat().st_mode & 0o077 == 0


def test_erasing_from_the_card_asks_then_forgets(
    qtbot, add_customer, open_card, monkeypatch
) -> None:
    ann = add_customer("Zebulonia", "Quixtrander", phone="+44 7911 123456").id
    view = open_card(ann)
    asked: list[str] = []
    monkeypatch.setattr(card_panel, "confirm_erasure", lambda parent, name: asked.append(name))
    view.privacy.erase_button.click()  # "no" (None): nothing happens
    assert asked == ["Zebulonia Quixtrander"]
    assert view.name.text() == "Zebulonia Quixtrander"
    monkeypatch.setattr(card_panel, "confirm_erasure", lambda parent, name: True)
    with qtbot.waitSignal(view.customer_changed, timeout=WAIT_MS):
        view.privacy.erase_button.click()
    assert view.name.text() == ERASED_NAME
    assert not view.privacy.erase_button.isEnabled()
    assert not view.privacy.consent_button.isEnabled()
    assert "erased" in view.privacy.summary.text()
    assert search_customers("Zebulonia") == []
