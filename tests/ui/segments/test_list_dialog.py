"""Tools → Segments…: a segment's customers listed, tagged all at once and exported for a
mailing without those who asked not to be contacted (both engines)."""

from __future__ import annotations

from pathlib import Path

from shopcrm.core.customers import get_card
from shopcrm.core.visits import log_visit
from shopcrm.ui.segments.list_dialog import SegmentsDialog


def test_list_tag_and_export(window, qtbot, add_customer, tmp_path: Path) -> None:
    ann = add_customer("Ann", email="ann@example.com")
    bo = add_customer("Bo", email="bo@example.com", do_not_contact=True)
    from shopcrm.core.privacy.consent import set_consent

    set_consent(ann.id, {"email": True}, source="at the counter")
    for customer in (ann, bo):
        log_visit(customer.id)
    window.today.segments_action.trigger()
    (dialog,) = window.findChildren(SegmentsDialog)
    dialog.segment.setCurrentIndex(dialog.segment.findData("new"))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert [dialog.model.item(r, 0).text() for r in range(2)] == ["Ann", "Bo"]
    assert dialog.model.item(1, 3).text() == "do not contact"

    with qtbot.waitSignal(dialog.tag_segment("regulars to call").ended):
        pass
    assert "regulars to call" in get_card(bo.id).tags
    assert dialog.count.text() == "Tagged 2 customers."

    target = tmp_path / "new.csv"
    with qtbot.waitSignal(dialog.export_to(target).ended):
        pass
    assert target.read_text(encoding="utf-8").splitlines()[1:] == ["ann@example.com,Ann,,new"]
    assert "left out 1 who asked not to be contacted" in dialog.count.text()
    dialog.close()
