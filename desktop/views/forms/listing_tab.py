"""The product form's 网店 (marketplace) page: published or not, the name and spec buyers
see, pictures, the safety buffer and how stock is shown. Tiers, the minimum order and pack
units are the product's own fields (on the first page): buyers see those."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import StockShown
from desktop.labels import STOCK_LEVEL, STOCK_SHOWN, name
from desktop.money import QTY, fmt_qty
from desktop.views.forms.common import check_amount
from desktop.views.i18n import language
from desktop.views.theme import mark


@dataclass
class ListingState:
    """What the page holds, compared with what was loaded to know whether to save."""

    published: bool = False
    title: str = ""
    spec: str = ""
    buffer: Decimal = Decimal(0)
    show_stock: str = StockShown.FIGURE
    pictures: list[tuple[str, bytes]] = field(default_factory=list)


class ListingTab(QWidget):
    """The marketplace page; :meth:`state` is what to save (None: a field is wrong)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listing_tab")
        self.loaded = ListingState()
        self.listed = False  # a listing row exists
        self.published = QCheckBox(self.tr("在网店发布这个商品"))
        self.published.setObjectName("listing_published")
        self.title = QLineEdit()
        self.title.setObjectName("listing_title")
        self.spec = QLineEdit()
        self.spec.setObjectName("listing_spec")
        self.buffer = QLineEdit("0")
        self.buffer.setObjectName("listing_buffer")
        self.buffer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.buffer_error = QLabel()
        mark(self.buffer_error, "error")
        self.buffer_error.hide()
        self.show_stock = QComboBox()
        self.show_stock.setObjectName("listing_show_stock")
        for code in StockShown:
            self.show_stock.addItem(name(STOCK_SHOWN, code, language()), str(code))
        self.pictures = QListWidget()
        self.pictures.setObjectName("listing_pictures")
        self.pictures.setViewMode(QListWidget.ViewMode.IconMode)
        self.pictures.setIconSize(QSize(96, 96))
        self.pictures.setMovement(QListWidget.Movement.Static)
        self.pictures.setMaximumHeight(150)
        self.add_picture = QPushButton(self.tr("添加图片…"))
        self.add_picture.setObjectName("listing_add_picture")
        self.remove_picture = QPushButton(self.tr("删除所选图片"))
        self.remove_picture.setObjectName("listing_remove_picture")
        self.add_picture.clicked.connect(self._choose_pictures)
        self.remove_picture.clicked.connect(self._remove_selected)
        self.picture_error = QLabel()
        mark(self.picture_error, "error")
        self.picture_error.setWordWrap(True)
        self.available = QLabel()
        self.available.setObjectName("listing_available")
        note = QLabel(
            self.tr(
                "买家看到的批量价、起订量和包装单位就是“基本资料”页上的这些字段，在那里修改。"
                "可订数量 = 库存 − 未发货的销售订单 − 安全库存。"
            )
        )
        note.setWordWrap(True)
        mark(note, "hint")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.published)
        form.addRow(self.tr("网店名称"), self.title)
        form.addRow(self.tr("网店规格"), self.spec)
        buffer_box = QVBoxLayout()
        buffer_box.setSpacing(2)
        buffer_box.addWidget(self.buffer)
        buffer_box.addWidget(self.buffer_error)
        form.addRow(self.tr("安全库存（基本单位）"), buffer_box)
        form.addRow(self.tr("库存显示"), self.show_stock)
        form.addRow(self.tr("买家现在可订"), self.available)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_picture)
        buttons.addWidget(self.remove_picture)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("图片（JPEG、PNG 或 WebP，每张不超过 1 MB，最多 8 张）")))
        layout.addWidget(self.pictures)
        layout.addLayout(buttons)
        layout.addWidget(self.picture_error)
        layout.addWidget(note)
        layout.addStretch(1)
        self.picture_data: list[tuple[str, bytes]] = []

    def set_product_defaults(self, product_name: str, product_spec: str) -> None:
        """Empty name and spec mean the product's own: shown greyed as placeholders."""
        self.title.setPlaceholderText(product_name)
        self.spec.setPlaceholderText(product_spec)

    def load(self, session: Any, product_id: uuid.UUID) -> None:
        from desktop.models import Listing, Product
        from desktop.services import market

        listing = session.get(Listing, product_id)
        if listing is not None:
            self.listed = True
            state = ListingState(
                published=listing.published,
                title=listing.title,
                spec=listing.spec,
                buffer=listing.safety_buffer,
                show_stock=listing.show_stock,
                pictures=[(p.mime, p.data) for p in market.pictures(session, product_id)],
            )
            self.loaded = state
            self.published.setChecked(state.published)
            self.title.setText(state.title)
            self.spec.setText(state.spec)
            self.buffer.setText(fmt_qty(state.buffer))
            self.show_stock.setCurrentIndex(max(0, self.show_stock.findData(state.show_stock)))
            self.picture_data = list(state.pictures)
            self._show_pictures()
        free = market.availability(session, [product_id]).get(product_id)
        if free is not None:
            product = session.get(Product, product_id)
            unit = product.base_unit if product is not None else ""
            level = name(STOCK_LEVEL, free.level, language())
            self.available.setText(
                self.tr("{figure} {unit}（{level}）").format(
                    figure=fmt_qty(free.figure), unit=unit, level=level
                )
            )

    def state(self) -> ListingState | None:
        error, buffer = check_amount(self.buffer.text() or "0", column=QTY)
        self.buffer_error.setText(error)
        self.buffer_error.setVisible(bool(error))
        if error:
            return None
        return ListingState(
            published=self.published.isChecked(),
            title=self.title.text().strip(),
            spec=self.spec.text().strip(),
            buffer=buffer if buffer is not None else Decimal(0),
            show_stock=str(self.show_stock.currentData()),
            pictures=list(self.picture_data),
        )

    def changed(self, state: ListingState) -> tuple[bool, bool]:
        """(the listing's fields changed, the pictures changed) since loading."""
        fields = (state.published, state.title, state.spec, state.buffer, state.show_stock)
        before = self.loaded
        was = (before.published, before.title, before.spec, before.buffer, before.show_stock)
        listing = fields != was and (self.listed or state.published)
        return listing, state.pictures != before.pictures

    # ------------------------------------------------------------------ pictures
    def _choose_pictures(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择图片"), "", self.tr("图片 (*.jpg *.jpeg *.png *.webp)")
        )
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        """Add pictures from files; a file that is not a picture, or too big, is named in
        the error line and left out."""
        from desktop.services.market import MAX_PICTURE_BYTES, MAX_PICTURES, picture_type

        problems = []
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError:
                problems.append(self.tr("{name} 无法读取").format(name=path.name))
                continue
            mime = picture_type(data)
            if mime is None:
                problems.append(
                    self.tr("{name} 不是 JPEG、PNG 或 WebP 图片").format(name=path.name)
                )
            elif len(data) > MAX_PICTURE_BYTES:
                problems.append(self.tr("{name} 超过 1 MB").format(name=path.name))
            elif len(self.picture_data) >= MAX_PICTURES:
                problems.append(self.tr("最多 8 张图片"))
                break
            else:
                self.picture_data.append((mime, data))
        self.picture_error.setText("；".join(problems))
        self._show_pictures()

    def _remove_selected(self) -> None:
        rows = sorted((self.pictures.row(i) for i in self.pictures.selectedItems()), reverse=True)
        for row in rows:
            del self.picture_data[row]
        self._show_pictures()

    def _show_pictures(self) -> None:
        self.pictures.clear()
        for no, (_mime, data) in enumerate(self.picture_data, start=1):
            image = QImage.fromData(data)
            item = QListWidgetItem(str(no))
            if not image.isNull():
                pixmap = QPixmap.fromImage(image).scaled(
                    96,
                    96,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                item.setIcon(QIcon(pixmap))
            self.pictures.addItem(item)
        self.remove_picture.setEnabled(bool(self.picture_data))


def save_listing(uow: Any, product_id: uuid.UUID, tab: ListingTab, state: ListingState) -> None:
    """Write what the page changed, in the product's own unit of work."""
    from desktop.services import market

    listing, pictures = tab.changed(state)
    if listing:
        market.publish(
            uow,
            product_id,
            title=state.title,
            spec=state.spec,
            show_stock=state.show_stock,
            safety_buffer=state.buffer,
            published=state.published,
        )
    if pictures:
        market.set_pictures(uow, product_id, state.pictures)
