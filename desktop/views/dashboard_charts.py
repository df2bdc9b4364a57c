"""The dashboard's charts (QtCharts): sales and gross margin for each of the last 12
months, and receivables by aging bucket. They only draw ``reports.charts.Charts``."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHBoxLayout, QWidget

from desktop.reports.charts import Charts
from desktop.views.i18n import language


def _nice_top(value: Decimal) -> float:
    """An axis top a little over ``value``: 1, 2 or 5 times a power of ten."""
    top = float(value)
    if top <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= top:
        step *= 10
    for k in (1, 2, 5, 10):
        if k * step >= top:
            return k * step
    return 10 * step


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(key: str, lang: str) -> str:
    """2026-03 → 3月 / Mar: twelve months in a row never repeat one (the title says which)."""
    month = int(key[5:7])
    return f"{month}月" if lang == "zh" else _MONTHS_EN[month - 1]


def bucket_label(zh: str, en: str, lang: str) -> str:
    """The bucket without its unit (the title says days): 1-30天 → 1-30, Over 90 days →
    Over 90; short enough for five side by side at 175 % text."""
    return zh.removesuffix("天").replace("天以上", "以上") if lang == "zh" else en.removesuffix(
        " days")  # fmt: skip


def _view(chart: QChart) -> QChartView:
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(view.fontMetrics().height() * 8)
    return view


class DashboardCharts(QWidget):
    """Two charts side by side; :meth:`show_charts` fills them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard_charts")
        self.monthly = QChart()
        self.monthly.setTitle(self.tr("近12个月销售与毛利"))
        self.aging = QChart()
        self.aging.setTitle(self.tr("应收账龄（万元，按逾期天数）"))
        self.aging.legend().hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.monthly_view = _view(self.monthly)
        self.aging_view = _view(self.aging)
        layout.addWidget(self.monthly_view, 5)
        layout.addWidget(self.aging_view, 4)
        self.charts: Charts | None = None

    def show_charts(self, charts: Charts) -> None:
        self.charts = charts
        lang = language()
        if charts.months:
            self.monthly.setTitle(
                self.tr("近12个月销售与毛利（万元，{start} 至 {end}）").format(
                    start=charts.months[0].key, end=charts.months[-1].key
                )
            )
        self._fill(
            self.monthly,
            [month_label(m.key, lang) for m in charts.months],
            [(self.tr("销售额（不含税）"), [m.sales for m in charts.months]),
             (self.tr("毛利"), [m.margin for m in charts.months])],
        )  # fmt: skip
        self._fill(
            self.aging,
            [bucket_label(b.zh, b.en, lang) for b in charts.buckets],
            [(self.tr("应收金额"), [b.amount for b in charts.buckets])],
        )

    @staticmethod
    def _fill(chart: QChart, categories: list[str], sets: list[tuple[str, list[Decimal]]]) -> None:
        """Bars in 万 (Chinese) or thousands (English): short axis labels leave the bars
        and their labels the room."""
        # the axis's printf-style format takes no Chinese: 万 is in the charts' titles
        unit, suffix = (Decimal(10000), "") if language() == "zh" else (Decimal(1000), "k")
        sets = [(name, [v / unit for v in values]) for name, values in sets]
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        series = QBarSeries()
        for name, values in sets:
            bars = QBarSet(name)
            bars.append([float(v) for v in values])
            series.append(bars)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(categories)
        small = x.labelsFont()
        small.setPointSizeF(small.pointSizeF() * 0.8)
        x.setLabelsFont(small)
        x.setTruncateLabels(False)  # 10月 a little wider than its bar group still reads
        y = QValueAxis()
        low = min((v for _n, vs in sets for v in vs), default=Decimal(0))
        high = max((v for _n, vs in sets for v in vs), default=Decimal(0))
        y.setRange(-_nice_top(-low) if low < 0 else 0.0, _nice_top(high))
        y.setLabelFormat("%.0f" + suffix)
        y.setLabelsFont(small)
        y.setTickCount(3)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
