"""Printed vouchers as PDF (reportlab). No Qt here: the GUI calls in from a worker thread."""

from shopcrm.pdf.page_layouts import LAYOUTS
from shopcrm.pdf.voucher_data import PrintedVoucher, ShopHeader
from shopcrm.pdf.voucher_renderer import RenderCancelled, VoucherRenderer

__all__ = ["LAYOUTS", "PrintedVoucher", "RenderCancelled", "ShopHeader", "VoucherRenderer"]
