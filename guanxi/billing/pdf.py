"""The printable quote (报价单) as a PDF, in the quote's language: English, 简体 or 繁體.

Chinese text needs a font with CJK glyphs. A TrueType CJK font found on the server (set
GUANXI_PDF_FONT, or one of the usual system paths) is embedded, subset to the characters used, so the
PDF reads the same everywhere. Without one, the PDF names the standard Adobe CJK fonts (STSong-Light
for 简体, MSung-Light for 繁體), which every PDF reader that shows Chinese provides."""

from __future__ import annotations

import functools
import io
import os
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from guanxi.access.scoping import Sight
from guanxi.core.errors import PermissionDenied
from guanxi.customers import selectors as customer_selectors
from guanxi.web.templatetags.guanxi import grouped

from .models import Quote
from .services import lines_of

# TrueType (not CFF) CJK fonts that Debian and other systems install; the first found is embedded.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
)


@functools.cache
def font_for(language: str) -> tuple[str, bool]:
    """The registered font name for a language, and whether it is embedded."""
    configured = os.environ.get("GUANXI_PDF_FONT", "")
    for path in (configured, *FONT_CANDIDATES):
        if path and Path(path).is_file():
            try:
                pdfmetrics.registerFont(TTFont("GuanxiCJK", path, subfontIndex=0))
                return "GuanxiCJK", True
            except (TTFError, OSError):
                continue
    name = "MSung-Light" if language == "zh-hant" else "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name, False


def _money(value: Any) -> str:
    return grouped(value, 2)


def quote_pdf(quote: Quote) -> bytes:
    """The quote as a one-or-more-page A4 PDF in its language."""
    language = quote.language or settings.LANGUAGE_CODE
    font, _embedded = font_for(language)
    with translation.override(language):
        return _render(quote, font)


def _render(quote: Quote, font: str) -> bytes:
    buffer = io.BytesIO()
    title = _("Quotation")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{title} {quote}",
        author=str(settings.GUANXI_COMPANY_NAME),
    )
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#555555"))
    heading = ParagraphStyle("heading", parent=base, fontSize=18, leading=24, spaceAfter=2)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)

    def p(text: Any, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)

    story: list[Any] = [
        Table(
            [
                [
                    p(settings.GUANXI_COMPANY_NAME, heading),
                    p(title, ParagraphStyle("t", parent=heading, alignment=TA_RIGHT)),
                ]
            ],
            colWidths=["60%", "40%"],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        ),
        Spacer(1, 4 * mm),
    ]
    contact = quote.contact
    facts = [
        (_("Quote number"), str(quote)),
        (_("Quote date"), date_format(quote.quote_date)),
        (_("Valid until"), date_format(quote.valid_until) if quote.valid_until else "—"),
        (_("Currency"), quote.currency_id),
    ]
    to_lines = [str(quote.account)]
    if contact is not None:
        to_lines.append(" ".join(str(x) for x in (contact.name, getattr(contact, "title", "")) if x))
    story.append(
        Table(
            [
                [p(_("To"), small), p("\n".join(to_lines)), p(facts[0][0], small), p(facts[0][1])],
                [p(_("Subject"), small), p(quote.subject), p(facts[1][0], small), p(facts[1][1])],
                ["", "", p(facts[2][0], small), p(facts[2][1])],
                ["", "", p(facts[3][0], small), p(facts[3][1])],
            ],
            colWidths=[18 * mm, 82 * mm, 28 * mm, 46 * mm],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        )
    )
    story.append(Spacer(1, 6 * mm))
    header = [
        p("#", small),
        p(_("Product"), small),
        p(_("Quantity"), small),
        p(_("Unit price"), small),
        p(_("Discount (%)"), small),
        p(_("Tax rate (%)"), small),
        p(_("Amount"), small),
    ]
    rows: list[list[Any]] = [header]
    for i, line in enumerate(lines_of(quote), start=1):
        product = line.product
        name = str(product)
        if line.description:
            name = f"{name}\n{line.description}"
        rows.append(
            [
                p(i),
                [p(name), p(product.code, small)],
                p(f"{line.quantity.normalize():f}", right),
                p(_money(line.unit_price), right),
                p(f"{line.discount.normalize():f}" if line.discount else "—", right),
                p(f"{line.tax_rate.normalize():f}", right),
                p(_money(line.total), right),
            ]
        )
    if len(rows) == 1:
        rows.append(["", p(_("No products yet.")), "", "", "", "", ""])
    table = Table(rows, colWidths=[8 * mm, 60 * mm, 16 * mm, 24 * mm, 18 * mm, 18 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#333333")),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#cccccc")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f7f9")]),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    totals = [
        (_("Before discount"), quote.subtotal),
        (_("Discount"), -quote.discount_amount),
        (_("Tax"), quote.tax_amount),
    ]
    total_rows = [[p(label, right), p(_money(value), right)] for label, value in totals]
    strong = ParagraphStyle("strong", parent=right, fontSize=12, leading=16)
    total_rows.append([p(f"{_('Total')} ({quote.currency_id})", strong), p(_money(quote.total), strong)])
    story.append(
        Table(
            total_rows,
            colWidths=[144 * mm, 30 * mm],
            style=[("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.HexColor("#333333"))],
        )
    )
    if quote.notes:
        story += [Spacer(1, 6 * mm), p(_("Terms and notes"), small), p(quote.notes)]
    owner = quote.owner
    if owner is not None:
        story += [Spacer(1, 8 * mm), p(_("Your contact: {name}").format(name=owner.get_full_name() or owner), small)]

    def page_footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.drawString(18 * mm, 10 * mm, f"{quote} · {settings.GUANXI_COMPANY_NAME}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, _("Page {n}").format(n=document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=page_footer, onLaterPages=page_footer)
    return buffer.getvalue()


def printable_for(user: Any, quote: Quote) -> None:
    """A printed quote carries its customer's name and address: only for a reader who may see that
    customer (a quote on a colleague's customer, an ownership conflict, is not printed by its author
    until the managers settle it)."""
    if not Sight(user).visible(customer_selectors.accounts().model, quote.account_id):
        raise PermissionDenied(_("The customer of this quote is not visible to you, so it cannot be printed."))
