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
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QWidget

from desktop.reports.charts import Axis, Charts, money_axis
from desktop.views.i18n import language

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
        self.aging.setTitle(self.tr("应收账龄（按逾期天数）"))
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
        months = [(self.tr("销售额（不含税）"), [m.sales for m in charts.months]),
                  (self.tr("毛利"), [m.margin for m in charts.months])]  # fmt: skip
        axis = self._fill(self.monthly, [month_label(m.key, lang) for m in charts.months], months)
        if charts.months:
            self.monthly.setTitle(
                self.tr("近12个月销售与毛利（{unit}，{start} 至 {end}）").format(
                    unit=axis.unit, start=charts.months[0].key, end=charts.months[-1].key
                )
            )
        axis = self._fill(
            self.aging,
            [bucket_label(b.zh, b.en, lang) for b in charts.buckets],
            [(self.tr("应收金额"), [b.amount for b in charts.buckets])],
        )
        self.aging.setTitle(self.tr("应收账龄（{unit}，按逾期天数）").format(unit=axis.unit))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Drawn again for a new height: how many ticks fit changes with it."""
        super().resizeEvent(event)
        if self.charts is not None and event.size().height() != event.oldSize().height():
            self.show_charts(self.charts)

    def _steps(self) -> int:
        """As many axis steps (up to 4) as leave each tick label two lines of room once the
        title, legend and month labels have theirs: at 175 % text only 0 and the top."""
        line = self.fontMetrics().height()
        room = self.monthly_view.height() - 6 * line
        return max(1, min(4, room // (2 * line)))

    def _fill(
        self, chart: QChart, categories: list[str], sets: list[tuple[str, list[Decimal]]]
    ) -> Axis:
        """Bars in the unit ``reports.charts.money_axis`` picks for the figures; the axis
        from 0 (or a real negative) to a round top, its ticks a round step apart. The unit
        goes in the title: the axis's printf-style format takes no Chinese."""
        axis = money_axis([v for _n, values in sets for v in values], language(), self._steps())
        chart.removeAllSeries()
        for old in chart.axes():
            chart.removeAxis(old)  # Qt hands a removed axis back to the caller to delete
            old.deleteLater()
        series = QBarSeries()
        for name, values in sets:
            bars = QBarSet(name)
            bars.append([float(v / axis.divisor) for v in values])
            series.append(bars)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(categories)
        small = x.labelsFont()
        small.setPointSizeF(small.pointSizeF() * 0.8)
        x.setLabelsFont(small)
        x.setTruncateLabels(False)  # 10月 a little wider than its bar group still reads
        y = QValueAxis()
        y.setRange(float(axis.low), float(axis.high))
        y.setTickCount(axis.ticks)
        y.setLabelFormat(f"%.{axis.decimals}f")
        y.setLabelsFont(small)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        return axis
