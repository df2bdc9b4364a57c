<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>Action</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="98"/>
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="99"/>
        <source>接受</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="100"/>
        <source>拒绝</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="101"/>
        <source>作废</source>
        <translation>Cancel document</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="102"/>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="103"/>
        <source>发货</source>
        <translation>Deliver</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="104"/>
        <source>收货</source>
        <translation>Receive</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="105"/>
        <source>开单</source>
        <translation>Bill</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="106"/>
        <source>关闭订单</source>
        <translation>Close order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="107"/>
        <source>过账</source>
        <translation>Post</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="108"/>
        <source>红冲</source>
        <translation>Reverse</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="109"/>
        <source>收款</source>
        <translation>Receive payment</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="110"/>
        <source>付款</source>
        <translation>Pay</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/app.py" line="141"/>
        <source>正在生成演示账本…</source>
        <translation>Creating the demo ledger…</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../desktop/views/backups.py" line="78"/>
        <source>备份完成</source>
        <translation>Backup done</translation>
    </message>
    <message>
        <location filename="../../desktop/views/backups.py" line="79"/>
        <source>账本已备份到：{path}</source>
        <translation>The ledger was backed up to: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/backups.py" line="84"/>
        <source>正在备份账本…</source>
        <translation>Backing up the ledger…</translation>
    </message>
</context>
<context>
    <name>BatchStatementsDialog</name>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="74"/>
        <source>账房对账单</source>
        <translation>Zhangfang statements</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="85"/>
        <location filename="../../desktop/views/printing/statements.py" line="231"/>
        <source>批量打印对账单</source>
        <translation>Batch statements</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="95"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="100"/>
        <source>客户（应收）</source>
        <translation>Customers (receivable)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="101"/>
        <source>供应商（应付）</source>
        <translation>Suppliers (payable)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="105"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="112"/>
        <source>对账期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="113"/>
        <source>对象</source>
        <translation>For</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="114"/>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="115"/>
        <location filename="../../desktop/views/printing/statements.py" line="170"/>
        <source>保存到文件夹</source>
        <translation>Save to folder</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="116"/>
        <source>同时导出 Excel 对账单（每家一个工作表，另有汇总表）</source>
        <translation>Also export the statements to Excel (a sheet each, plus a summary sheet)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="122"/>
        <source>为期末有余额或本期有往来的每一家生成一份 PDF，另生成一份汇总 PDF 便于一次打印。</source>
        <translation>One PDF for every party with a balance at the end of the period or activity in it, plus one combined PDF to print them all at once.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="132"/>
        <source>打开文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="135"/>
        <source>预览汇总 PDF</source>
        <translation>Preview combined PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="146"/>
        <source>生成对账单</source>
        <translation>Create statements</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="149"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="183"/>
        <source>开始日期不能晚于结束日期。</source>
        <translation>The start date cannot be after the end date.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="186"/>
        <source>请选择保存对账单的文件夹。</source>
        <translation>Choose the folder for the statements.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="195"/>
        <source>正在生成对账单：{done} / {total}</source>
        <translation>Creating statements: {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="248"/>
        <source>已取消，没有留下生成一半的文件。</source>
        <translation>Cancelled; no half-written files were left behind.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="251"/>
        <source>这段时间没有需要对账的往来单位。</source>
        <translation>No party needs a statement for this period.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="253"/>
        <source>已生成 {n} 份对账单，汇总 PDF 共 {pages} 页：{path}</source>
        <translation>Created {n} statement(s); the combined PDF has {pages} page(s): {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="257"/>
        <source>Excel 对账单：{path}</source>
        <translation>Excel statements: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="275"/>
        <source>对账单 {start} 至 {end}</source>
        <translation>Statements {start} to {end}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="365"/>
        <source>批量打印对账单…</source>
        <translation>Batch statements…</translation>
    </message>
    <message>
        <source>已登记为以{via}寄出，待对方确认。</source>
        <translation>Recorded as sent by {via}, waiting for each party to confirm.</translation>
    </message>
    <message>
        <source>登记为已寄出</source>
        <translation>Record as sent</translation>
    </message>
</context>
<context>
    <name>Code</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="118"/>
        <source>专票</source>
        <translation>Special VAT</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="119"/>
        <source>普票</source>
        <translation>Normal VAT</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="120"/>
        <source>数电票</source>
        <translation>Digital</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="121"/>
        <source>销项</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="122"/>
        <source>进项</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="123"/>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="124"/>
        <source>红字</source>
        <translation>Red-letter</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="125"/>
        <source>作废</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="126"/>
        <source>待同步</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="127"/>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="128"/>
        <source>被拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="129"/>
        <source>仅提醒</source>
        <translation>Warn only</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="130"/>
        <source>禁止确认</source>
        <translation>Block</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="131"/>
        <source>凭理由放行</source>
        <translation>Allow with a reason</translation>
    </message>
</context>
<context>
    <name>Column</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="1"/>
        <source>账期</source>
        <translation>Terms</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="1"/>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="14"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="15"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="16"/>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="17"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="18"/>
        <source>欠款余额</source>
        <translation>Balance owed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="19"/>
        <source>信用额度</source>
        <translation>Credit limit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="20"/>
        <source>账期(天)</source>
        <translation>Terms (days)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="21"/>
        <source>业务员</source>
        <translation>Salesperson</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="22"/>
        <source>税号</source>
        <translation>Tax ID</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="23"/>
        <source>送货地址</source>
        <translation>Ship to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="24"/>
        <source>规格</source>
        <translation>Spec</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="25"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="26"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="27"/>
        <source>零售价</source>
        <translation>Retail price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="28"/>
        <source>成本价</source>
        <translation>Cost price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="29"/>
        <source>库存</source>
        <translation>On hand</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="30"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="31"/>
        <source>平均成本</source>
        <translation>Average cost</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="32"/>
        <source>库存金额</source>
        <translation>Stock value</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="33"/>
        <source>单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="34"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="35"/>
        <source>往来单位</source>
        <translation>Party</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="36"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="37"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="38"/>
        <source>不含税金额</source>
        <translation>Net amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="39"/>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="40"/>
        <source>未收/未付</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="41"/>
        <source>到期日</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="42"/>
        <source>未核销</source>
        <translation>Unapplied</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="43"/>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="44"/>
        <source>凭证号</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="45"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="46"/>
        <source>制单人</source>
        <translation>Created by</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="47"/>
        <source>发票代码</source>
        <translation>Fapiao code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="48"/>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="49"/>
        <source>发票类型</source>
        <translation>Fapiao type</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="50"/>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="51"/>
        <source>发票状态</source>
        <translation>Fapiao status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="52"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="53"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="54"/>
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="55"/>
        <source>操作</source>
        <translation>Operation</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="56"/>
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
</context>
<context>
    <name>CounterPaymentDialog</name>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>过账并付款</source>
        <translation>Post and pay</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>过账并收款</source>
        <translation>Post and take payment</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>现金</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>微信</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>支付宝</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>银行转账</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>刷卡</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>本单合计</source>
        <translation>Bill total</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>实付金额</source>
        <translation>Amount paid</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>实收金额</source>
        <translation>Amount received</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>凭证号</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>挂账</source>
        <translation>Left on account</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>请输入大于 0、不超过本单合计 {total} 的金额。</source>
        <translation>Enter an amount above 0 and no more than the bill total of {total}.</translation>
    </message>
</context>
<context>
    <name>CreditPanel</name>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="63"/>
        <source>信用</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="71"/>
        <source>信用额度</source>
        <translation>Credit limit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="72"/>
        <source>欠款余额</source>
        <translation>Balance owed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="73"/>
        <source>未开单订单</source>
        <translation>Unbilled orders</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="74"/>
        <source>可用额度</source>
        <translation>Available credit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="75"/>
        <source>本单后可用</source>
        <translation>Available after this document</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="76"/>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="99"/>
        <source>未设额度</source>
        <translation>No limit set</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="105"/>
        <location filename="../../desktop/views/editor/panels.py" line="106"/>
        <source>不限</source>
        <translation>Unlimited</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="114"/>
        <source>{n} 天</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="114"/>
        <source>无</source>
        <translation>None</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="1"/>
        <source>这是演示账本：公司、客户、商品和单据都是虚构的，可以随意试用，不影响您自己的账本。</source>
        <translation>This is the demo ledger: its firm, customers, products and documents are made up. Try anything; your own ledger is not affected.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="1"/>
        <source>这是演示账本：公司、客户、商品和单据都是虚构的，可以随意试用，不影响您自己的账本。您自己的账本是 {path}：关闭账房后再次打开，即回到您自己的账本。</source>
        <translation>This is the demo ledger: its firm, customers, products and documents are made up. Try anything; your own ledger is not affected. Your own ledger is {path}: close Zhangfang and open it again to go back to it.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="48"/>
        <source>今日销售</source>
        <translation>Sales today</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="49"/>
        <source>本月销售</source>
        <translation>Sales this month</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="50"/>
        <source>应收账款</source>
        <translation>Receivables</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="51"/>
        <source>应付账款</source>
        <translation>Payables</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="52"/>
        <source>未完成销售订单</source>
        <translation>Open sales orders</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="53"/>
        <source>逾期应收</source>
        <translation>Overdue receivables</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="59"/>
        <source>客户编码</source>
        <translation>Customer code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="59"/>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="59"/>
        <source>逾期金额</source>
        <translation>Overdue amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="59"/>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="61"/>
        <source>商品编码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="61"/>
        <source>商品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="61"/>
        <source>近30天销售额</source>
        <translation>Sales, last 30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="65"/>
        <source>近30天畅销商品</source>
        <translation>Top products, last 30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="64"/>
        <source>逾期客户</source>
        <translation>Overdue customers</translation>
    </message>
    <message>
        <source>销售与账龄图表</source>
        <translation>Sales and aging charts</translation>
    </message>
    <message>
        <source>逾期与畅销</source>
        <translation>Overdue and best sellers</translation>
    </message>
</context>
<context>
    <name>DeliverDialog</name>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="96"/>
        <source>商品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="97"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="98"/>
        <source>订购</source>
        <translation>Ordered</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="99"/>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="100"/>
        <source>本次数量</source>
        <translation>Quantity now</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="160"/>
        <source>本次数量须是 0 到剩余数量之间的数字。</source>
        <translation>Each quantity must be a number between 0 and what is left.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="163"/>
        <source>请至少填写一行数量。</source>
        <translation>Enter a quantity on at least one line.</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../desktop/views/owner_dialog.py" line="1"/>
        <source>需要老板批准</source>
        <translation>The owner's approval is needed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="38"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="41"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="266"/>
        <source>信用超限</source>
        <translation>Over credit limit</translation>
    </message>
</context>
<context>
    <name>DocumentEditor</name>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="122"/>
        <source>（保存后生成）</source>
        <translation>(assigned when saved)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="149"/>
        <source>关闭窗口</source>
        <translation>Close window</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="218"/>
        <source>不能保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="254"/>
        <source>已保存：{number}</source>
        <translation>Saved: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="269"/>
        <source>请先选择客户或供应商。</source>
        <translation>Choose a customer or supplier first.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="271"/>
        <source>明细中有无效的数字（红色），请改正。</source>
        <translation>Some numbers in the lines are not valid (shown in red); please correct them.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="274"/>
        <source>请至少录入一行商品。</source>
        <translation>Enter at least one product line.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="277"/>
        <source>第 {n} 行没有数量。</source>
        <translation>Line {n} has no quantity.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="279"/>
        <source>第 {n} 行没有单价。</source>
        <translation>Line {n} has no price.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="285"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="285"/>
        <source>单据有未保存的修改，确定关闭吗？</source>
        <translation>This document has unsaved changes. Close it anyway?</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="202"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="206"/>
        <source>将错误行另存为工作簿…</source>
        <translation>Save rows with errors as a workbook…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="209"/>
        <source>撤销这次导入</source>
        <translation>Undo this import</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="227"/>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="237"/>
        <source>导入已取消，账本没有任何改动。</source>
        <translation>The import was cancelled; nothing in the ledger changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="242"/>
        <source>第 {row} 行无法写入，整批已撤回，账本没有任何改动：{reason}</source>
        <translation>Row {row} could not be written, so nothing was imported: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="246"/>
        <source>没有需要导入的内容，账本没有改动。</source>
        <translation>There was nothing to import; the ledger is unchanged.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="249"/>
        <source>已导入。</source>
        <translation>Imported. </translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="252"/>
        <source>导入前的备份：{path}</source>
        <translation>Backup taken before the import: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="267"/>
        <source>将错误行另存为</source>
        <translation>Save rows with errors as</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="268"/>
        <source>错误</source>
        <translation>errors</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="277"/>
        <source>这次导入已撤销，账本已恢复到导入之前。</source>
        <translation>This import was undone; the ledger is as it was before.</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="1"/>
        <source>过账并付款…</source>
        <translation>Post and pay…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="1"/>
        <source>过账并收款…</source>
        <translation>Post and take payment…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>未过账，草稿已保存。</source>
        <translation>Not posted; the draft is saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>；{what} {amount} 元：{number}</source>
        <translation>; {what} {amount}: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>已付款</source>
        <translation>paid</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>已收款</source>
        <translation>received</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/counter.py" line="1"/>
        <source>信用超限：{reasons}</source>
        <translation>Over credit: {reasons}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="39"/>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="59"/>
        <source>转为订单</source>
        <translation>Turn into order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="68"/>
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="133"/>
        <source>已确认，但信用超限：{reasons}</source>
        <translation>Confirmed, but over credit: {reasons}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="138"/>
        <source>信用提醒</source>
        <translation>Credit warning</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="141"/>
        <source>订单已确认。</source>
        <translation>Order confirmed.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="151"/>
        <source>密码不正确</source>
        <translation>Wrong password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="177"/>
        <source>已过账：{number}</source>
        <translation>Posted: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="198"/>
        <source>已生成并过账：{number}</source>
        <translation>Created and posted: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="218"/>
        <source>已开单：{number}</source>
        <translation>Billed: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="267"/>
        <source>关闭后，未发货的部分不再发货。</source>
        <translation>After closing, what is not delivered yet will not be delivered.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="269"/>
        <source>订单已关闭：{number}</source>
        <translation>Order closed: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="279"/>
        <source>作废后单据保留，但不再生效。</source>
        <translation>A cancelled document is kept but no longer counts.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="281"/>
        <source>已作废：{number}</source>
        <translation>Cancelled: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="291"/>
        <source>红冲会生成一张金额相反的单据，原单保留。</source>
        <translation>Reversing creates a document with opposite amounts; the original is kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="293"/>
        <source>已红冲，红字单据：{number}</source>
        <translation>Reversed; the reversal is {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="313"/>
        <source>报价单已发送：{number}</source>
        <translation>Quote sent: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="332"/>
        <source>已转为销售订单：{number}</source>
        <translation>Turned into sales order: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="383"/>
        <source>客户没有接受这份报价。请写下原因（如价格、交期）。</source>
        <translation>The customer did not accept this quote. Please give the reason (price, delivery time…).</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="385"/>
        <source>报价单已拒绝：{number}</source>
        <translation>Quote rejected: {number}</translation>
    </message>
    <message>
        <source>已生成打印文件：{path}</source>
        <translation type="vanished">Print file created: {path}</translation>
    </message>
    <message>
        <source>正在生成打印文件…</source>
        <translation type="vanished">Creating the print file…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="25"/>
        <source>请先录入并保存单据，再打印。</source>
        <translation>Enter and save the document before printing.</translation>
    </message>
</context>
<context>
    <name>EnterStopsBar</name>
    <message>
        <location filename="../../desktop/views/editor/enter_bar.py" line="31"/>
        <source>回车停在(&amp;E)…</source>
        <translation>Enter &amp;stops at…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/enter_bar.py" line="32"/>
        <source>选择回车键在明细中停留的列；其余的列用 Tab 或方向键到达</source>
        <translation>Choose the columns Enter stops at in the lines; Tab or the arrow keys reach the others</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/enter_bar.py" line="72"/>
        <source>回车：{path} → 下一行；Tab 逐格</source>
        <translation>Enter: {path} → next line; Tab: every cell</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop/views/errors.py" line="34"/>
        <source>出现了意外错误，操作没有完成，数据未被改动。详细信息已记录在：{path}</source>
        <translation>An unexpected error stopped this operation; no data was changed. The details were written to: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/errors.py" line="42"/>
        <source>无法完成</source>
        <translation>Could not complete</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="255"/>
        <source>只导出当前筛选出的行；列和顺序与列表中显示的一致。</source>
        <translation>Only the rows the current filter shows are exported, with the columns shown, in their order.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="257"/>
        <source>导出全部行；列和顺序与列表中显示的一致。</source>
        <translation>All rows are exported, with the columns shown, in their order.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="141"/>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="145"/>
        <source>Excel 工作簿（.xlsx）</source>
        <translation>Excel workbook (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="146"/>
        <source>CSV，UTF-8 编码（新版 Excel 和 WPS）</source>
        <translation>CSV, UTF-8 (current Excel and WPS)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="147"/>
        <source>CSV，GBK 编码（旧软件）</source>
        <translation>CSV, GBK (older programs)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="159"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="166"/>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="167"/>
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="176"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="178"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="200"/>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="210"/>
        <source>请选择保存位置。</source>
        <translation>Choose where to save the file.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="229"/>
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="230"/>
        <source>已导出 {n} 行到：{path}</source>
        <translation>Exported {n} rows to: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/export.py" line="237"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
</context>
<context>
    <name>FapiaoForm</name>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="85"/>
        <source>登记发票</source>
        <extracomment>where a service error about a field belongs on the form</extracomment>
        <translation>Record fapiao</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="87"/>
        <source>（开给客户）</source>
        <translation> (to a customer)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="88"/>
        <source>（供应商开来）</source>
        <translation> (from a supplier)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="104"/>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="105"/>
        <source>往来单位</source>
        <translation>Party</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="106"/>
        <source>发票号码</source>
        <translation>Fapiao number</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="107"/>
        <source>发票代码</source>
        <translation>Fapiao code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="108"/>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="109"/>
        <source>发票类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="110"/>
        <source>金额（不含税）</source>
        <translation>Amount (excl. tax)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="111"/>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="112"/>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="122"/>
        <source>价税合计</source>
        <translation>Total incl. tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="113"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="119"/>
        <source>关联</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="120"/>
        <source>单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="121"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="123"/>
        <source>未开票</source>
        <translation>Un-invoiced</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="124"/>
        <source>本次开票</source>
        <translation>This fapiao</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="133"/>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="236"/>
        <source>未开完票的单据（勾选要关联的，可改本次开票金额）</source>
        <translation>Bills not fully invoiced (tick the ones to link; the amount can be changed)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="234"/>
        <source>这家往来单位没有未开票的单据。</source>
        <translation>This party has no un-invoiced bills.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="271"/>
        <source>关联合计 {linked}</source>
        <translation>Linked total {linked}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="273"/>
        <source>（与发票价税合计 {total} 不一致）</source>
        <translation> (differs from the fapiao total {total})</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="297"/>
        <source>请选择往来单位（输入编码、名称或拼音首字母）。</source>
        <translation>Choose the party (type a code, name or pinyin initials).</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="415"/>
        <source>作废发票</source>
        <translation>Cancel fapiao</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="416"/>
        <source>作废发票 {number}：作废后不再计入开票金额。</source>
        <translation>Cancel fapiao {number}: once cancelled it no longer counts as invoiced.</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="137"/>
        <source>看起来是{kind}。</source>
        <translation>This looks like {kind}.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="138"/>
        <source>看起来是{kind}（次选：{other}）。</source>
        <translation>This looks like {kind} (next best: {other}).</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="50"/>
        <source>选择文件</source>
        <translation>Choose the file</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="52"/>
        <source>支持 .xlsx、.xlsm、.xls、.ods 和 .csv。也可以把文件直接拖到主窗口上。</source>
        <translation>Reads .xlsx, .xlsm, .xls, .ods and .csv. You can also drop the file on the main window.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="57"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="70"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="71"/>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="76"/>
        <source>下载空白模板…</source>
        <translation>Save blank template…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="79"/>
        <source>还没有表格？先下载一个空白模板，填好后再导入</source>
        <translation>No spreadsheet yet? Save a blank template, fill it in, then import it</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="93"/>
        <source>选择要导入的文件</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="95"/>
        <source>表格文件</source>
        <translation>Spreadsheets</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="95"/>
        <source>所有文件</source>
        <translation>All files</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="116"/>
        <source>（隐藏）</source>
        <translation> (hidden)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="120"/>
        <source>工作表“{sheet}”共 {rows} 行、{cols} 列。</source>
        <translation>Sheet '{sheet}' has {rows} rows and {cols} columns.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="137"/>
        <source>保存空白模板</source>
        <translation>Save blank template</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="138"/>
        <source>导入模板</source>
        <translation> import template</translation>
    </message>
</context>
<context>
    <name>FirmPage</name>
    <message>
        <location filename="../../desktop/views/wizard.py" line="121"/>
        <source>公司资料</source>
        <translation>Firm profile</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="122"/>
        <source>打印在单据抬头上。只有公司名称必填。</source>
        <translation>Printed at the top of your documents. Only the firm name is required.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="126"/>
        <source>公司名称</source>
        <translation>Firm name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="127"/>
        <source>纳税人识别号</source>
        <translation>Tax ID</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="128"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="129"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="130"/>
        <source>开户行</source>
        <translation>Bank</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="131"/>
        <source>银行账号</source>
        <translation>Bank account</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="132"/>
        <source>标志（Logo）</source>
        <translation>Logo</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="137"/>
        <source>选择图片…</source>
        <translation>Choose image…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="141"/>
        <source>选择标志图片</source>
        <translation>Choose logo image</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="149"/>
        <source>无法读取这张图片。</source>
        <translation>This image cannot be read.</translation>
    </message>
    <message>
        <source>工作站代码</source>
        <translation>Desk code</translation>
    </message>
    <message>
        <source>几台电脑各自记账时，每台用不同的工作站代码（A、B、C…）。它会写进这台电脑开的单据编号和新编码里，如 XS-A-2611-0001、C-A-0001。</source>
        <translation>When several computers keep the books, give each its own desk code (A, B, C...). It is part of every document number and new code made on this computer, for example XS-A-2611-0001 and C-A-0001.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../desktop/views/wizard.py" line="228"/>
        <source>账房 — 首次使用</source>
        <translation>Zhangfang — first start</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="229"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="230"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="231"/>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="232"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="42"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="45"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="102"/>
        <location filename="../../desktop/views/forms/common.py" line="108"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="112"/>
        <source>请输入数字，例如 50000 或 12.5</source>
        <translation>Enter a number, e.g. 50000 or 12.5</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="114"/>
        <source>不能是负数</source>
        <translation>Cannot be negative</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="116"/>
        <source>小数位太多</source>
        <translation>Too many decimals</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="123"/>
        <source>纳税人识别号应为 15–20 位数字或大写字母</source>
        <translation>A tax ID is 15–20 digits or capital letters</translation>
    </message>
</context>
<context>
    <name>HeaderPanel</name>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="31"/>
        <source>输入客户编码、名称或拼音首字母</source>
        <extracomment>Enter in the customer field with a customer chosen: go to the lines</extracomment>
        <translation>Type a customer code, name or pinyin initials</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="33"/>
        <source>输入供应商编码、名称或拼音首字母</source>
        <translation>Type a supplier code, name or pinyin initials</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="37"/>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="37"/>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="49"/>
        <source>送货地址</source>
        <translation>Ship to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="50"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="52"/>
        <source>单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="53"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="54"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>网店买家</source>
        <translation>Marketplace buyer</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="35"/>
        <source>导入记录</source>
        <translation>Import history</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="37"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="38"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="39"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="40"/>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="41"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="42"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="43"/>
        <source>错误</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="44"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="55"/>
        <source>撤销会删除这批导入新建的资料和单据，恢复被它改动的字段；撤销前会自动备份。</source>
        <translation>Undo deletes the records and documents the import created and restores the fields it changed; a backup is taken first.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="62"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="117"/>
        <source>已撤销</source>
        <translation>Undone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="117"/>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="126"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="146"/>
        <source>撤销导入</source>
        <translation>Undo import</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="147"/>
        <source>撤销 {file} 的这次导入？</source>
        <translation>Undo this import of {file}?</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/history.py" line="159"/>
        <source>正在撤销导入…</source>
        <translation>Undoing the import…</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <location filename="../../desktop/views/importer/preview_model.py" line="35"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/preview_model.py" line="36"/>
        <source>更新</source>
        <translation>Update</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/preview_model.py" line="37"/>
        <source>无变化</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/preview_model.py" line="38"/>
        <source>跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/preview_model.py" line="39"/>
        <source>错误</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="40"/>
        <source>导入向导</source>
        <extracomment>an import was committed or undone (the report / the batch id)</extracomment>
        <translation>Import wizard</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="41"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="42"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="43"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="44"/>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="45"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="128"/>
        <source>正在读取文件…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="155"/>
        <source>正在分析表格…</source>
        <translation>Looking at the table…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="186"/>
        <source>正在预览…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="207"/>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="226"/>
        <source>正在撤销导入…</source>
        <translation>Undoing the import…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="241"/>
        <source>已把 {n} 行错误标在 {path}，改好后可以直接再导入。</source>
        <translation>{n} rows with errors are marked in {path}; fix them there and import that file again.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="247"/>
        <location filename="../../desktop/views/importer/wizard.py" line="261"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/wizard.py" line="258"/>
        <source>模板已保存到：{path}</source>
        <translation>Template saved to: {path}</translation>
    </message>
</context>
<context>
    <name>Importer</name>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="16"/>
        <source>客户</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="17"/>
        <source>供应商</source>
        <translation>Suppliers</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="18"/>
        <source>商品</source>
        <translation>Products</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="19"/>
        <source>期初应收应付</source>
        <translation>Opening balances</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="20"/>
        <source>期初库存</source>
        <translation>Opening stock</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="21"/>
        <source>销售历史</source>
        <translation>Sales history</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="22"/>
        <source>采购历史</source>
        <translation>Purchase history</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="23"/>
        <source>收付款</source>
        <translation>Payments</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="24"/>
        <source>发票登记</source>
        <translation>Fapiao register</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="31"/>
        <source>年-月-日（2023-05-06）</source>
        <translation>Year-month-day (2023-05-06)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="32"/>
        <source>日-月-年（06/05/2023）</source>
        <translation>Day-month-year (06/05/2023)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="33"/>
        <source>月-日-年（05/06/2023）</source>
        <translation>Month-day-year (05/06/2023)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="47"/>
        <source>无法打开或写入这个文件：它可能正在 Excel 中打开，请关闭后再试。</source>
        <translation>Cannot open or write this file: it may be open in Excel. Close it there and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="51"/>
        <source>无法读写这个文件：{reason}</source>
        <translation>Cannot read or write this file: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/texts.py" line="62"/>
        <source>共 {total} 行：新增 {new}，更新 {updated}，无变化 {unchanged}，跳过 {skipped}，错误 {error}</source>
        <translation>{total} rows: {new} new, {updated} updated, {unchanged} unchanged, {skipped} skipped, {error} with errors</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="80"/>
        <source>报价单</source>
        <translation>Quote</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="81"/>
        <source>销售订单</source>
        <translation>Sales order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="82"/>
        <source>送货单</source>
        <translation>Delivery note</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="83"/>
        <source>销售单</source>
        <translation>Sales bill</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="84"/>
        <source>销售退货单</source>
        <translation>Sales return</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="85"/>
        <source>采购订单</source>
        <translation>Purchase order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="86"/>
        <source>入库单</source>
        <translation>Goods receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="87"/>
        <source>采购账单</source>
        <translation>Supplier bill</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="88"/>
        <source>采购退货单</source>
        <translation>Purchase return</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="89"/>
        <source>收款单</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="90"/>
        <source>付款单</source>
        <translation>Payment</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="91"/>
        <source>盘点单</source>
        <translation>Stocktake</translation>
    </message>
</context>
<context>
    <name>LazyListModel</name>
    <message>
        <location filename="../../desktop/views/list_model.py" line="1"/>
        <source>红色：已过到期日仍未收清（付清）的天数</source>
        <translation>Red: days past the due date with money still open</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_model.py" line="1"/>
        <source>红色：超过信用额度；蓝色：对方有预付（余额为负）</source>
        <translation>Red: over the credit limit; blue: paid in advance (a negative balance)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_model.py" line="1"/>
        <source>红色：库存不足（负库存）</source>
        <translation>Red: stock below zero</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_model.py" line="1"/>
        <source>绿色：已完成或已过账；蓝色：进行中；灰色：草稿、作废、红冲或关闭</source>
        <translation>Green: done or posted; blue: in progress; grey: draft, cancelled, reversed or closed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_model.py" line="197"/>
        <source>已逾期 {days} 天</source>
        <extracomment>in-memory substring index (set when loaded), and the rowids it found for ``text``</extracomment>
        <translation>{days} days overdue</translation>
    </message>
</context>
<context>
    <name>LinesModel</name>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="100"/>
        <source>商品编码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="101"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="102"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="103"/>
        <source>数量</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="104"/>
        <source>单价</source>
        <translation>Price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="105"/>
        <source>折扣%</source>
        <translation>Disc. %</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="106"/>
        <source>税率%</source>
        <translation>Tax %</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="107"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="108"/>
        <source>上次价</source>
        <translation>Last price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="217"/>
        <source>价格来源：{source}</source>
        <translation>Price from: {source}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="291"/>
        <source>“{text}”不是有效的数字</source>
        <translation>"{text}" is not a valid number</translation>
    </message>
</context>
<context>
    <name>ListMenus</name>
    <message>
        <source>打印到货标签…</source>
        <translation>Labels for the goods received…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/menus.py" line="31"/>
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/menus.py" line="39"/>
        <location filename="../../desktop/views/printing/menus.py" line="55"/>
        <source>登记发票…</source>
        <translation>Record fapiao…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/menus.py" line="47"/>
        <source>对账单…</source>
        <translation>Statement…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/menus.py" line="60"/>
        <source>作废…</source>
        <translation>Cancel…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/menus.py" line="65"/>
        <source>开红字发票…</source>
        <translation>Red-letter fapiao…</translation>
    </message>
    <message>
        <source>对账记录（寄出/确认/异议）…</source>
        <translation>Statements sent, confirmed, disputed…</translation>
    </message>
</context>
<context>
    <name>ListScreen</name>
    <message>
        <source>盘点…</source>
        <translation>Stocktake…</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="1"/>
        <source>输入编码、名称、拼音首字母或条码筛选</source>
        <translation>Filter by code, name, pinyin initials or barcode</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="1"/>
        <source>输入单号，或往来单位的编码、名称、拼音首字母、电话筛选</source>
        <translation>Filter by number, or the party's code, name, pinyin initials or phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="1"/>
        <source>输入发票号码，或往来单位的编码、名称、拼音首字母筛选</source>
        <translation>Filter by fapiao number, or the party's code, name or pinyin initials</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="1"/>
        <source>输入文字筛选</source>
        <translation>Type to filter</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="81"/>
        <source>输入编码、名称、拼音首字母（如 zs）或电话筛选</source>
        <extracomment>default column widths in digit widths (a Chinese character is about two)</extracomment>
        <translation>Filter by code, name, pinyin initials (e.g. zs) or phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="109"/>
        <source>新建(&amp;N)</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="273"/>
        <location filename="../../desktop/views/list_screen.py" line="286"/>
        <source>共 {n} 条</source>
        <translation>{n} rows</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/hooks.py" line="44"/>
        <source>导入…</source>
        <extracomment>lists whose data can come from a file (the wizard starts with that kind)</extracomment>
        <translation>Import…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/hooks.py" line="48"/>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>打印标签…</source>
        <translation>Print labels…</translation>
    </message>
    <message>
        <source>共 {n}+ 条</source>
        <translation>{n}+ rows</translation>
    </message>
</context>
<context>
    <name>LookPage</name>
    <message>
        <location filename="../../desktop/views/wizard.py" line="78"/>
        <source>欢迎使用账房</source>
        <translation>Welcome to Zhangfang</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="79"/>
        <source>请选择语言和文字大小，以后可以在“设置”里更改。</source>
        <translation>Choose your language and text size. You can change them later in Settings.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="80"/>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="81"/>
        <source>文字大小</source>
        <translation>Text size</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="82"/>
        <source>示例：张三五金 销售订单 ¥ 12,345.60 壹万贰仟叁佰肆拾伍元陆角</source>
        <translation>Sample: Zhang San Hardware, sales order ¥ 12,345.60 壹万贰仟叁佰肆拾伍元陆角</translation>
    </message>
</context>
<context>
    <name>LedgerMenu</name>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>打开账本…</source>
        <translation>Open ledger…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>新建账本…</source>
        <translation>New ledger…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>最近的账本</source>
        <translation>Recent ledgers</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>&amp;{n}  {name}（{folder}）</source>
        <translation>&amp;{n}  {name}  ({folder})</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>{entry} — 文件不在了</source>
        <translation>{entry} — the file is no longer there</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>（没有）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>清除列表</source>
        <translation>Clear list</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>打开账本</source>
        <translation>Open ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>新建账本</source>
        <translation>New ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>账房账本 (*.zhangfang);;所有文件 (*)</source>
        <translation>Zhangfang ledgers (*.zhangfang);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>这个文件已经存在：{path}。要打开它，请用“打开账本…”；文件未改动。</source>
        <translation>This file already exists: {path}. To open it, use "Open ledger…"; the file was not changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>账本正在保存或备份，请等它完成后再试。</source>
        <translation>The ledger is being saved or backed up. Try again when it has finished.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>这个账本已经打开了。</source>
        <translation>This ledger is already open.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>选择备份文件</source>
        <translation>Choose a backup</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>这是现在打开的账本本身，不是备份；账本未改动。</source>
        <translation>This is the open ledger itself, not a backup; the ledger was not changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>要用这份备份替换现在的账本吗？

备份：{backup}
备份时间：{date}
被替换的账本：{ledger}

现在的账本会先另存为一份“恢复前”的备份。</source>
        <translation>Replace the open ledger with this backup?

Backup: {backup}
Made on: {date}
Ledger replaced: {ledger}

The open ledger is first saved as a "before-restore" backup.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>已从备份 {backup} 恢复账本。</source>
        <translation>The ledger was restored from the backup {backup}.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>原来的账本另存为 {kept}。</source>
        <translation> The previous ledger is saved as {kept}.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/ledger_menu.py" line="1"/>
        <source>恢复完成</source>
        <translation>Restore complete</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>盘点…</source>
        <translation>Stocktake…</translation>
    </message>
    <message>
        <source>打印版式…</source>
        <translation>Print layouts…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="1"/>
        <source>【演示账本】{firm} — 账房 Zhangfang — {path}</source>
        <translation>[DEMO LEDGER] {firm} — Zhangfang — {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="1"/>
        <source>{firm} — 账房 Zhangfang — {path}</source>
        <translation>{firm} — Zhangfang — {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="1"/>
        <source>公司资料…</source>
        <translation>Firm profile…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="1"/>
        <source>另一台电脑正在保存，请稍候…（已等 {seconds} 秒）</source>
        <translation>Another desk is saving; please wait… ({seconds} s so far)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="47"/>
        <source>账房 Zhangfang — {path}</source>
        <translation>Zhangfang — {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="79"/>
        <source>账本：{path}</source>
        <translation>Ledger: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="86"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="89"/>
        <source>新建销售订单</source>
        <translation>New sales order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="93"/>
        <source>新建采购订单</source>
        <translation>New purchase order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="95"/>
        <source>导入 Excel…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="96"/>
        <source>导入记录…</source>
        <translation>Import history…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="97"/>
        <source>批量打印对账单…</source>
        <translation>Batch statements…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="99"/>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="100"/>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="102"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="103"/>
        <source>转到(&amp;G)</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="107"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="108"/>
        <location filename="../../desktop/views/main_window.py" line="205"/>
        <source>关于账房</source>
        <translation>About Zhangfang</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="206"/>
        <source>账房 Zhangfang：进销存账本。数据保存在本机：{path}</source>
        <translation>Zhangfang: a sales and purchasing ledger. Your data stays on this computer: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="1"/>
        <source>人员…</source>
        <translation>People…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="206"/>
        <source>账房 Zhangfang {version}：进销存账本。数据保存在本机：{path}</source>
        <translation>Zhangfang {version}: a sales and purchasing ledger. Your data stays on this computer: {path}</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="232"/>
        <source>请选择</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="333"/>
        <source>文件里的日期看不出哪个是月、哪个是日（例如 {example}）。请在上面的“日期顺序”中选择。</source>
        <translation>The file's dates do not tell which is the month and which the day (e.g. {example}). Choose under "Date order" above.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="151"/>
        <source>类型和列对应</source>
        <translation>Kind and columns</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="152"/>
        <source>检查每个字段取自哪一列。带 * 的字段必须有对应的列。</source>
        <translation>Check which column feeds each field. Fields marked * need a column.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="167"/>
        <source>日期顺序</source>
        <translation>Date order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="172"/>
        <source>文件内容是</source>
        <translation>The file holds</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="176"/>
        <source>表头在第几行</source>
        <translation>Header row</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="225"/>
        <source>已按上次导入同样表头时的列对应填好。</source>
        <translation>Filled in as the last time a file with these headers was imported.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="227"/>
        <source>已按表头文字自动对应，请检查。</source>
        <translation>Matched from the header texts; please check.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="233"/>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="308"/>
        <source>还缺少必需的列：{names}。请在上面选择它们取自哪一列。</source>
        <translation>Required columns are missing: {names}. Choose above which column feeds them.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/pages.py" line="309"/>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>Nav</name>
    <message>
        <location filename="../../desktop/views/nav.py" line="40"/>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="41"/>
        <source>客户</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="42"/>
        <source>供应商</source>
        <translation>Suppliers</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="43"/>
        <source>商品</source>
        <translation>Products</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="44"/>
        <source>报价单</source>
        <translation>Quotes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="45"/>
        <source>销售订单</source>
        <translation>Sales orders</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="46"/>
        <source>送货单</source>
        <translation>Deliveries</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="47"/>
        <source>销售单</source>
        <translation>Sales bills</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="48"/>
        <source>收款</source>
        <translation>Receipts</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="49"/>
        <source>采购订单</source>
        <translation>Purchase orders</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="50"/>
        <source>入库单</source>
        <translation>Goods receipts</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="51"/>
        <source>采购账单</source>
        <translation>Supplier bills</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="52"/>
        <source>付款</source>
        <translation>Payments</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="53"/>
        <source>库存</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="54"/>
        <source>发票</source>
        <translation>Fapiao</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="55"/>
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="56"/>
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="64"/>
        <source>资料</source>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="65"/>
        <source>销售</source>
        <translation>Sales</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="66"/>
        <source>采购</source>
        <translation>Purchasing</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="67"/>
        <source>库存与报表</source>
        <translation>Stock &amp; reports</translation>
    </message>
</context>
<context>
    <name>PartyForm</name>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="41"/>
        <source>往来单位</source>
        <extracomment>service error "field" values → our field keys</extracomment>
        <translation>Party</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="42"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="43"/>
        <source>留空自动编号</source>
        <translation>Leave empty to number automatically</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="44"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="45"/>
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="46"/>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="46"/>
        <source>是客户</source>
        <translation>Is a customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="48"/>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="48"/>
        <source>是供应商</source>
        <translation>Is a supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="50"/>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="51"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="52"/>
        <source>送货地址</source>
        <translation>Ship to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="53"/>
        <source>开票名称</source>
        <translation>Invoice name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="54"/>
        <source>纳税人识别号</source>
        <translation>Tax ID</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="55"/>
        <source>开票地址电话</source>
        <translation>Invoice address and phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="56"/>
        <source>开户行及账号</source>
        <translation>Bank and account</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="57"/>
        <source>信用额度（元）</source>
        <translation>Credit limit (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="58"/>
        <source>留空表示不限</source>
        <translation>Leave empty for no limit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="59"/>
        <source>账期方式</source>
        <translation>Terms</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="60"/>
        <source>按天</source>
        <translation>Days after bill</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="61"/>
        <source>月结</source>
        <translation>Month end</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="64"/>
        <source>账期天数</source>
        <translation>Terms (days)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="65"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="117"/>
        <source>请至少选择“客户”或“供应商”之一。</source>
        <translation>Tick "customer", "supplier" or both.</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="184"/>
        <source>收款</source>
        <translation>Receive payment</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="184"/>
        <source>付款</source>
        <translation>Pay supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="197"/>
        <source>银行转账</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="198"/>
        <source>现金</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="199"/>
        <source>承兑汇票</source>
        <translation>Bank acceptance</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="200"/>
        <source>微信/支付宝</source>
        <translation>WeChat/Alipay</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="211"/>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="211"/>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="213"/>
        <source>核销单据</source>
        <translation>Apply to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="214"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="215"/>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="216"/>
        <source>凭证号</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="217"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="228"/>
        <source>请选择往来单位。</source>
        <translation>Choose the customer or supplier.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="235"/>
        <source>请输入大于 0 的金额。</source>
        <translation>Enter an amount above 0.</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>文件中：{raw}
读作：{read}</source>
        <translation>In the file: {raw}
Read as: {read}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/preview_model.py" line="127"/>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/preview_model.py" line="129"/>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/preview_model.py" line="131"/>
        <source>说明</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>零售、门店的流水常常没有客户：这些行记在一个“散客”客户名下（只建一次）</source>
        <translation>Retail and shop records often have no customer: those rows go to one “Walk-in” customer (made once)</translation>
    </message>
    <message>
        <source>没有客户的行记在“散客”名下</source>
        <translation>Rows without a customer go to “Walk-in”</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="44"/>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="45"/>
        <source>下面是每一行将会怎样导入。现在还没有写入任何数据。</source>
        <translation>What will happen to each row. Nothing has been written yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="53"/>
        <source>显示：</source>
        <translation>Show:</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="62"/>
        <source>选项</source>
        <translation>Options</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="65"/>
        <source>自动建立账本里没有的客户、供应商和商品</source>
        <translation>Create the customers, suppliers and products the ledger lacks</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="68"/>
        <source>历史单据同时记入库存</source>
        <translation>History moves stock</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="70"/>
        <source>历史单据同时记入应收应付</source>
        <translation>History posts receivables/payables</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="72"/>
        <source>跳过与现有资料名称相近的行（可能是同一家）</source>
        <translation>Skip rows whose name looks like an existing record (may be the same firm)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="74"/>
        <source>期初日期</source>
        <translation>Opening date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="78"/>
        <source>收付方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="80"/>
        <location filename="../../desktop/views/importer/result_pages.py" line="85"/>
        <source>按往来单位判断</source>
        <translation>By the party</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="81"/>
        <source>收款（客户付给我们）</source>
        <translation>Receipts (customers pay us)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="82"/>
        <source>付款（我们付给供应商）</source>
        <translation>Payments (we pay suppliers)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="83"/>
        <source>发票方向</source>
        <translation>Fapiao direction</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="86"/>
        <source>我们开出的发票</source>
        <translation>Issued by us</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="87"/>
        <source>收到的发票</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="163"/>
        <source>（文件较大，逐块读取：没有问题的行只列出单号、日期和金额）</source>
        <translation> (a big file, read in chunks: rows without problems show only number, date and amount)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="170"/>
        <source>没有需要导入的新行或变化：账本里已经有这些数据了。</source>
        <translation>Nothing new or changed to import: the ledger already holds these rows.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/importer/result_pages.py" line="172"/>
        <source>没有可以导入的行。请先改正下面标为“错误”的行。</source>
        <translation>No row can be imported. Fix the rows marked 'Error' below first.</translation>
    </message>
</context>
<context>
    <name>PriceSource</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="138"/>
        <source>等级价</source>
        <translation>Price level</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="139"/>
        <source>批量价</source>
        <translation>Quantity tier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="140"/>
        <source>上次价</source>
        <translation>Last price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="141"/>
        <source>零售价</source>
        <translation>Retail price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="142"/>
        <source>成本价</source>
        <translation>Cost price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="143"/>
        <source>手工</source>
        <translation>Typed in</translation>
    </message>
</context>
<context>
    <name>Print</name>
    <message>
        <source>编码</source>
        <translation type="vanished">Code</translation>
    </message>
    <message>
        <source>品名规格</source>
        <translation type="vanished">Description</translation>
    </message>
    <message>
        <source>单位</source>
        <translation type="vanished">Unit</translation>
    </message>
    <message>
        <source>数量</source>
        <translation type="vanished">Qty</translation>
    </message>
    <message>
        <source>单价</source>
        <translation type="vanished">Price</translation>
    </message>
    <message>
        <source>金额</source>
        <translation type="vanished">Amount</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation type="vanished">Supplier</translation>
    </message>
    <message>
        <source>客户</source>
        <translation type="vanished">Customer</translation>
    </message>
    <message>
        <source>单号</source>
        <translation type="vanished">No.</translation>
    </message>
    <message>
        <source>日期</source>
        <translation type="vanished">Date</translation>
    </message>
    <message>
        <source>不含税金额</source>
        <translation type="vanished">Net amount</translation>
    </message>
    <message>
        <source>税额</source>
        <translation type="vanished">Tax</translation>
    </message>
    <message>
        <source>价税合计</source>
        <translation type="vanished">Total incl. tax</translation>
    </message>
    <message>
        <source>金额大写</source>
        <translation type="vanished">Amount in words</translation>
    </message>
    <message>
        <source>制单</source>
        <translation type="vanished">Prepared by</translation>
    </message>
    <message>
        <source>审核</source>
        <translation type="vanished">Checked by</translation>
    </message>
    <message>
        <source>收货人签字</source>
        <translation type="vanished">Received by</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>下一页</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="1"/>
        <source>（已打印过，副本标注“补打”）</source>
        <translation> (printed before: this copy is marked 补打 / reprint)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="78"/>
        <source>打印预览 — {title}</source>
        <extracomment>a real copy was printed or saved (the ``Saved`` result) a preview render finished (page count known)</extracomment>
        <translation>Print preview — {title}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="86"/>
        <source>显示单价和金额</source>
        <translation>Show prices and amounts</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="90"/>
        <source>◀ 上一页</source>
        <translation>◀ Previous</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="91"/>
        <source>下一页 ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="99"/>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="100"/>
        <source>整页</source>
        <translation>Whole page</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="118"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="120"/>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="122"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="126"/>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="137"/>
        <source>缩放</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="152"/>
        <source>已生成的文件，纸张不能再改</source>
        <translation>A finished file: the paper cannot be changed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="201"/>
        <source>正在生成预览…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="231"/>
        <source>/ 共 {n} 页</source>
        <translation>of {n}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="237"/>
        <source>已打印过 {n} 次，再打印的副本将标注“补打”。</source>
        <translation>Printed {n} time(s) before; a new copy will be marked 补打 (reprint).</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="240"/>
        <source>预览不计入打印次数；打印或另存为 PDF 才计入。</source>
        <translation>A preview is not counted as a print; printing or saving as PDF is.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="293"/>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="293"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="320"/>
        <source>正在生成 PDF…</source>
        <translation>Writing the PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="323"/>
        <source>已保存到：{path}</source>
        <translation>Saved to: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="325"/>
        <location filename="../../desktop/views/printing/preview.py" line="368"/>
        <source>（补打，第 {n} 次打印）</source>
        <translation> (reprint, print no. {n})</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="340"/>
        <location filename="../../desktop/views/printing/preview.py" line="348"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="347"/>
        <source>正在发送到打印机…</source>
        <translation>Sending to the printer…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="347"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="361"/>
        <source>打印机无法启动，请检查打印机后重试。</source>
        <translation>The printer could not be started. Check the printer and try again.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/preview.py" line="364"/>
        <source>已发送 {n} 页到打印机：{printer}</source>
        <translation>Sent {n} page(s) to the printer: {printer}</translation>
    </message>
</context>
<context>
    <name>PrinterOffsetsDialog</name>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="82"/>
        <source>打印机偏移</source>
        <translation>Printer offsets</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="87"/>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="88"/>
        <source>向右 (毫米)</source>
        <translation>Right (mm)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="89"/>
        <source>向下 (毫米)</source>
        <translation>Down (mm)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="90"/>
        <source>每页行数</source>
        <translation>Rows per page</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="110"/>
        <source>自动（{n} 行）</source>
        <translation>Auto ({n} rows)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="114"/>
        <source>不适用</source>
        <translation>n/a</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="115"/>
        <source>单页纸按内容自动分页。</source>
        <translation>Cut sheets break pages by their content.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="120"/>
        <source>打印出来整体偏右或偏下时，填负数往回移；连续纸（针式打印机）可按表单印好的格子设定每页行数。只影响这台电脑。</source>
        <translation>If the print comes out too far right or down, enter a negative number to move it back. For continuous forms (dot-matrix printers) set the rows per page to match the printed grid. Applies to this computer only.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="132"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="133"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="175"/>
        <source>打印</source>
        <translation>Printing</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/offsets.py" line="177"/>
        <source>打印机偏移和每页行数…</source>
        <translation>Printer offsets and rows per page…</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../desktop/views/printing/sources.py" line="27"/>
        <source>A4 纵向</source>
        <extracomment>the papers offered, by the short names jobs.paper_named and the settings use document kinds whose copy can leave out prices (a 送货单 for the driver)</extracomment>
        <translation>A4 portrait</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/sources.py" line="28"/>
        <source>A5 横向</source>
        <translation>A5 landscape</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/sources.py" line="29"/>
        <source>241×140 二等分连续纸</source>
        <translation>241×140 continuous (1/2)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/sources.py" line="30"/>
        <source>241×93 三等分连续纸</source>
        <translation>241×93 continuous (1/3)</translation>
    </message>
</context>
<context>
    <name>ProductForm</name>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="50"/>
        <source>商品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="51"/>
        <source>商品编码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="52"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="53"/>
        <source>规格</source>
        <translation>Spec</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="54"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="55"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="56"/>
        <source>基本单位</source>
        <translation>Base unit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="57"/>
        <source>包装单位</source>
        <translation>Pack units</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="58"/>
        <source>例如：箱=24, 包=10</source>
        <translation>e.g. 箱=24, 包=10</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="59"/>
        <source>零售价</source>
        <translation>Retail price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="60"/>
        <source>成本价</source>
        <translation>Cost price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="61"/>
        <source>批量价</source>
        <translation>Quantity tiers</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="62"/>
        <source>起批量=单价，例如：100=2.0, 1000=1.8</source>
        <translation>min qty=price, e.g. 100=2.0, 1000=1.8</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="107"/>
        <source>格式应为 单位=数量，例如 箱=24</source>
        <translation>Write unit=quantity, e.g. 箱=24</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="110"/>
        <source>格式应为 起批量=单价，例如 100=2.0</source>
        <translation>Write min qty=price, e.g. 100=2.0</translation>
    </message>
    <message>
        <source>留空自动编号</source>
        <translation>Leave empty to number automatically</translation>
    </message>
    <message>
        <source>起订量</source>
        <translation>Minimum order</translation>
    </message>
    <message>
        <source>网店</source>
        <translation>Marketplace</translation>
    </message>
    <message>
        <source>基本资料</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>基本单位，网店订单不能少于它</source>
        <translation>In base units; marketplace orders cannot be smaller</translation>
    </message>
    <message>
        <source>基本单位，库存低于它时在库存报表中标出</source>
        <translation>Base units; the stock report flags the product when stock falls below it</translation>
    </message>
    <message>
        <source>最低库存</source>
        <translation>Minimum stock</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="67"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="69"/>
        <source>老板密码</source>
        <translation>Owner's password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="79"/>
        <source>请填写原因。</source>
        <translation>Please give a reason.</translation>
    </message>
</context>
<context>
    <name>RedFapiaoDialog</name>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="361"/>
        <source>开红字发票</source>
        <translation>Red-letter fapiao</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="363"/>
        <source>红字发票将全额冲销原发票 {number}，原发票保留。</source>
        <translation>The red-letter fapiao offsets fapiao {number} in full; the original is kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="374"/>
        <source>红字发票号码</source>
        <translation>Red-letter number</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="375"/>
        <source>发票代码</source>
        <translation>Fapiao code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="376"/>
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="380"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/fapiao_form.py" line="381"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>导出 PDF</source>
        <translation>Export to PDF</translation>
    </message>
    <message>
        <source>合计：</source>
        <translation>Totals: </translation>
    </message>
    <message>
        <source>共 {n} 行</source>
        <translation>{n} rows</translation>
    </message>
    <message>
        <source>正在计算报表…</source>
        <translation>Computing the report…</translation>
    </message>
    <message>
        <source>双击数字查看其背后的单据</source>
        <translation>Double-click a figure to see the documents behind it</translation>
    </message>
    <message>
        <source>导出 PDF(&amp;P)</source>
        <translation>Export to &amp;PDF</translation>
    </message>
    <message>
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>按年</source>
        <translation>By year</translation>
    </message>
    <message>
        <source>按季</source>
        <translation>By quarter</translation>
    </message>
    <message>
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <source>按日</source>
        <translation>By day</translation>
    </message>
    <message>
        <source>不分期</source>
        <translation>Whole period</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total only</translation>
    </message>
    <message>
        <source>低于成本明细</source>
        <translation>Lines below cost</translation>
    </message>
    <message>
        <source>逾期单据</source>
        <translation>Overdue documents</translation>
    </message>
    <message>
        <source>按地区</source>
        <translation>By region</translation>
    </message>
    <message>
        <source>按业务员</source>
        <translation>By salesperson</translation>
    </message>
    <message>
        <source>按类别</source>
        <translation>By category</translation>
    </message>
    <message>
        <source>按商品</source>
        <translation>By product</translation>
    </message>
    <message>
        <source>按供应商</source>
        <translation>By supplier</translation>
    </message>
    <message>
        <source>按客户</source>
        <translation>By customer</translation>
    </message>
    <message>
        <source>经营指标</source>
        <translation>Key figures</translation>
    </message>
    <message>
        <source>资金预测</source>
        <translation>Cash expected</translation>
    </message>
    <message>
        <source>供应商评估</source>
        <translation>Supplier evaluation</translation>
    </message>
    <message>
        <source>采购汇总</source>
        <translation>Purchases</translation>
    </message>
    <message>
        <source>滞销商品</source>
        <translation>Slow movers</translation>
    </message>
    <message>
        <source>库存及周转</source>
        <translation>Stock and turnover</translation>
    </message>
    <message>
        <source>毛利分析</source>
        <translation>Gross margin</translation>
    </message>
    <message>
        <source>销售汇总</source>
        <translation>Sales</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="36"/>
        <source>应收账龄（客户）</source>
        <translation>Receivables aging (customers)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="37"/>
        <source>应付账龄（供应商）</source>
        <translation>Payables aging (suppliers)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="41"/>
        <source>计算(&amp;R)</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="43"/>
        <source>导出 Excel(&amp;E)</source>
        <translation>&amp;Export to Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="48"/>
        <source>截止日期</source>
        <translation>As of</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="55"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="56"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="57"/>
        <source>余额</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="58"/>
        <source>未到期</source>
        <translation>Not due</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="59"/>
        <source>1-30天</source>
        <translation>1-30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="60"/>
        <source>31-60天</source>
        <translation>31-60 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="61"/>
        <source>61-90天</source>
        <translation>61-90 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="62"/>
        <source>90天以上</source>
        <translation>Over 90 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="63"/>
        <source>预收/预付</source>
        <translation>Prepaid</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="64"/>
        <source>最长逾期天数</source>
        <translation>Max days overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="101"/>
        <source>正在计算账龄…</source>
        <translation>Computing aging…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="122"/>
        <source>共 {n} 家，余额合计 {total}</source>
        <translation>{n} parties, total balance {total}</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation type="vanished">Export to Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="157"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="160"/>
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="160"/>
        <source>已保存到：{path}</source>
        <translation>Saved to: {path}</translation>
    </message>
    <message>
        <source>对账单未确认</source>
        <translation>Statements not confirmed</translation>
    </message>
    <message>
        <source>低于最低库存</source>
        <translation>Below minimum stock</translation>
    </message>
    <message>
        <source>所选单位的对账单：登记寄出、确认或异议</source>
        <translation>The selected party's statements: record sent, confirmed or disputed</translation>
    </message>
    <message>
        <source>对账记录…</source>
        <translation>Statements sent…</translation>
    </message>
    <message>
        <source>谁还没有确认寄出的对账单，或提出了异议</source>
        <translation>Who has not confirmed a statement sent, or disputed it</translation>
    </message>
    <message>
        <source>未确认对账单</source>
        <translation>Unconfirmed statements</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="1"/>
        <source>操作员姓名</source>
        <translation>Your name (operator)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="50"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="60"/>
        <source>高对比度（黑底白字）</source>
        <translation>High contrast (white on black)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="62"/>
        <source>显示</source>
        <translation>Display</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="64"/>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="65"/>
        <source>文字大小</source>
        <translation>Text size</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="80"/>
        <source>信用控制</source>
        <translation>Credit control</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="82"/>
        <source>超额度时</source>
        <translation>When over the limit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="83"/>
        <source>允许逾期天数</source>
        <translation>Allowed days overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="85"/>
        <source>原老板密码</source>
        <translation>Current owner's password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="86"/>
        <source>新老板密码</source>
        <translation>New owner's password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="89"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="96"/>
        <source>不自动备份</source>
        <translation>No automatic backups</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="97"/>
        <source>每 4 小时</source>
        <translation>Every 4 hours</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="98"/>
        <source>每天</source>
        <translation>Daily</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="99"/>
        <source>每周</source>
        <translation>Weekly</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="106"/>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="108"/>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="110"/>
        <location filename="../../desktop/views/settings_dialog.py" line="148"/>
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="111"/>
        <source>自动备份</source>
        <translation>Automatic backup</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="112"/>
        <source>保留份数</source>
        <translation>Copies to keep</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="121"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="122"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>本机</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>工作站代码</source>
        <translation>Desk code</translation>
    </message>
    <message>
        <source>改动只影响以后新开的单据编号和新编码，已有的编号不变。每台电脑的代码要不同。</source>
        <translation>A change affects only numbers and codes made from now on; existing ones stay as they are. Each computer needs a code of its own.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="1"/>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="1"/>
        <source>操作员密码</source>
        <translation>Operator's password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="1"/>
        <source>人员…</source>
        <translation>People…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="1"/>
        <source>换人时，有密码的人员输入密码</source>
        <translation>Theirs, when switching</translation>
    </message>
    <message>
        <source>扫码枪按键间隔</source>
        <translation>Barcode scanner key gap</translation>
    </message>
    <message>
        <source>按键间隔比它短、且至少 6 个字再回车的，当作扫码枪扫码</source>
        <translation>Keys closer together than this, at least 6 characters then Enter, are taken as a barcode scanner</translation>
    </message>
    <message>
        <source> 毫秒</source>
        <translation> ms</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../desktop/views/wizard.py" line="1"/>
        <source>先试用演示账本（虚构的公司、客户和单据，存在另一个文件里）</source>
        <translation>Try the demo ledger first (a made-up firm, customers and documents, in a file of its own)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="1"/>
        <source>选演示账本时，您填的公司资料照样建成您自己的账本（空白），下次打开账房即回到它。</source>
        <translation>With the demo, the firm details you entered still make your own (empty) ledger; the next time you open Zhangfang, it opens your ledger.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="194"/>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="195"/>
        <source>怎样开始记账？</source>
        <translation>How do you want to start?</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="196"/>
        <source>从空账本开始</source>
        <translation>Start with an empty ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="202"/>
        <source>从 Excel 导入旧账（建好账本后打开导入向导）</source>
        <translation>Import the old ledger from Excel (the import wizard opens once the ledger is made)</translation>
    </message>
    <message>
        <source>从 Excel 导入旧账（导入向导将在后续版本提供）</source>
        <translation type="vanished">Import from Excel (the import wizard comes in a later version)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="203"/>
        <source>以后随时可以从“文件”菜单导入 Excel。</source>
        <translation>You can import from Excel later from the File menu.</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="299"/>
        <source>对账单 — {name}</source>
        <translation>Statement — {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="308"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="311"/>
        <source>往来单位</source>
        <translation>Party</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="312"/>
        <source>对账期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="313"/>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="315"/>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="316"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="326"/>
        <source>开始日期不能晚于结束日期。</source>
        <translation>The start date cannot be after the end date.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/printing/statements.py" line="339"/>
        <source>对账单 {name}</source>
        <translation>Statement {name}</translation>
    </message>
    <message>
        <source>登记为已寄出</source>
        <translation>Record as sent</translation>
    </message>
    <message>
        <source>传真</source>
        <translation>Fax</translation>
    </message>
    <message>
        <source>邮件</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>微信</source>
        <translation>WeChat</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>不登记</source>
        <translation>Do not record</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="63"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="64"/>
        <source>已发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="65"/>
        <source>已接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="66"/>
        <source>已拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="67"/>
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="68"/>
        <source>部分完成</source>
        <translation>Partly done</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="69"/>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="70"/>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="71"/>
        <source>已过账</source>
        <translation>Posted</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="72"/>
        <source>已作废</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="73"/>
        <source>已红冲</source>
        <translation>Reversed</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <source>备注（可不填）：</source>
        <translation>Note (optional):</translation>
    </message>
    <message>
        <source>处理同步问题</source>
        <translation>Settle a sync problem</translation>
    </message>
    <message>
        <source>待处理的问题（{n}）</source>
        <translation>Problems to settle ({n})</translation>
    </message>
    <message>
        <source>{who}：{how}</source>
        <translation>{who}: {how}</translation>
    </message>
    <message>
        <source> · 被拒 {n} 条</source>
        <translation> · {n} refused</translation>
    </message>
    <message>
        <source>服务器 {server} · 商号 {firm} · 用户 {user} · 本机工作站 {desk}</source>
        <translation>Server {server} · firm {firm} · user {user} · this desk {desk}</translation>
    </message>
    <message>
        <source>已处理</source>
        <translation>Mark settled</translation>
    </message>
    <message>
        <source>保留现值</source>
        <translation>Keep this value</translation>
    </message>
    <message>
        <source>采用对方的值</source>
        <translation>Take the other value</translation>
    </message>
    <message>
        <source>没有待处理的同步问题。</source>
        <translation>No sync problems to settle.</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Settled</translation>
    </message>
    <message>
        <source>工作站</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>When</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>显示已处理的问题</source>
        <translation>Show settled problems</translation>
    </message>
    <message>
        <source>全部改动</source>
        <translation>All changes</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sync_screen.py" line="31"/>
        <source>未登录市场账号：本机离线工作，所有修改都已保存在本地。待同步的修改：{n} 条，联网登录后会自动发送。</source>
        <translation>Not signed in to the marketplace: this desk works offline and every change is saved locally. Changes waiting to sync: {n}; they are sent automatically once you sign in.</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <location filename="../../desktop/views/worker.py" line="224"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="35"/>
        <source>合计</source>
        <translation>Totals</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="45"/>
        <source>不含税金额</source>
        <translation>Net amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="46"/>
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="47"/>
        <source>价税合计</source>
        <translation>Total incl. tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="48"/>
        <source>大写</source>
        <translation>In words</translation>
    </message>
</context>
<context>
    <name>FirmDialog</name>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>公司资料</source>
        <translation>Firm profile</translation>
    </message>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>选择图片…</source>
        <translation>Choose picture…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>不用标志</source>
        <translation>No logo</translation>
    </message>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>标志（Logo）</source>
        <translation>Logo</translation>
    </message>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>打印在单据和对账单的抬头上；改动后新打印的单据就用新资料。</source>
        <translation>Printed at the top of documents and statements; what is printed from now on uses the new details.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>选择标志图片</source>
        <translation>Choose a logo picture</translation>
    </message>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../desktop/views/firm_dialog.py" line="1"/>
        <source>无法读取</source>
        <translation>Cannot be read</translation>
    </message>
</context>
<context>
    <name>PeopleDialog</name>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>人员</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>人员的名字印在单据的制单、经办处。添加、改名、停用人员和更改角色、密码需要老板密码（已设置时）；老板用老板密码登录。</source>
        <translation>A person's name is printed on documents as the one who made them (制单/经办). Adding, renaming or archiving people and changing roles or passwords needs the owner's password (when one is set); owners sign in with the owner's password.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>加为人员…</source>
        <translation>Add as a person…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>停用</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>恢复</source>
        <translation>Bring back</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>设置密码…</source>
        <translation>Set password…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>老板密码</source>
        <translation>Owner's password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>有</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>无</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>在职</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>已停用</source>
        <translation>Archived</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>本机操作员“{name}”还不是公司人员。</source>
        <translation>This computer's operator '{name}' is not one of the firm's people yet.</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
</context>
<context>
    <name>PasswordForm</name>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>设置密码：{name}</source>
        <translation>Password: {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>不用密码</source>
        <translation>No password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>原密码（本人修改时填）</source>
        <translation>Current password (when changing your own)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>再输一次</source>
        <translation>Again</translation>
    </message>
    <message>
        <location filename="../../desktop/views/people_dialog.py" line="1"/>
        <source>两次输入的密码不一样。</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>请填写：{fields}</source>
        <translation>Please fill in: {fields}</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>本机名称</source>
        <translation>This computer's name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>商号代码</source>
        <translation>Firm code</translation>
    </message>
    <message>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>登录商号的同步服务器后，几台电脑共用一本账，离线时照常开单，联网后自动同步。密码不会保存在本机。</source>
        <translation>With this desk signed in to the firm's sync server, several computers share one ledger: work goes on offline and syncs once online. The password is not kept on this computer.</translation>
    </message>
    <message>
        <source>联网同步</source>
        <translation>Sign in to sync</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>请填写：{fields}</source>
        <translation>Please fill in: {fields}</translation>
    </message>
    <message>
        <source>离线工作</source>
        <translation>Work offline</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>请输入 {user}（商号 {firm}）的同步密码；取消则本次离线工作。</source>
        <translation>Enter the sync password of {user} (firm {firm}); Cancel works offline this session.</translation>
    </message>
    <message>
        <source>同步密码</source>
        <translation>Sync password</translation>
    </message>
</context>
<context>
    <name>SyncMenu</name>
    <message>
        <source>（服务器暂时连不上，没有通知到它；本机的登录已清除。）</source>
        <translation> (The server could not be reached and was not told; the sign-in is removed here.)</translation>
    </message>
    <message>
        <source>已退出同步登录；账本和未同步的改动都保留着。</source>
        <translation>Signed out of sync; the ledger and its unsynced changes are kept.</translation>
    </message>
    <message>
        <source>已登录 {server}（商号 {firm}），本机的工作站代号是 {desk}。</source>
        <translation>Signed in to {server} (firm {firm}); this computer's desk code is {desk}.</translation>
    </message>
    <message>
        <source>已登记这台电脑并登录 {server}（商号 {firm}）。
本机的工作站代号是 {desk}，今后本机新开的单据编号都带这个代号。</source>
        <translation>This computer is enrolled and signed in to {server} (firm {firm}).
Its desk code is {desk}: the numbers of documents made here from now on carry it.</translation>
    </message>
    <message>
        <source>联网同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>待同步 {n} 条</source>
        <translation>{n} changes waiting</translation>
    </message>
    <message>
        <source>上次同步 {time}</source>
        <translation>last sync {time}</translation>
    </message>
    <message>
        <source>同步出错</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <source>同步已暂停</source>
        <translation>Sync paused</translation>
    </message>
    <message>
        <source>需要重新登录</source>
        <translation>Sign-in needed</translation>
    </message>
    <message>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线（未登录）</source>
        <translation>Offline (not signed in)</translation>
    </message>
    <message>
        <source>需要升级</source>
        <translation>Upgrade required</translation>
    </message>
    <message>
        <source>退出同步登录</source>
        <translation>Sign out of sync</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>联网同步…</source>
        <translation>Sign in to sync…</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>这个账本是另一台电脑账本的副本：它尚未发送的 {n} 个编号已改为本工作站的编号（{numbers}）。</source>
        <translation>This ledger is a copy of another computer's: {n} numbers of its unsent records now follow this desk's series ({numbers}).</translation>
    </message>
</context>
<context>
    <name>ColumnsTable</name>
    <message>
        <source>合计 {used:.0f} / 可用 {room:.0f} 毫米</source>
        <translation>Total {used:.0f} of {room:.0f} mm</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>宽度（毫米）</source>
        <translation>Width (mm)</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Caption</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
</context>
<context>
    <name>CopiesTable</name>
    <message>
        <source>联数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>底色</source>
        <translation>Tint</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Caption</translation>
    </message>
    <message>
        <source> 联</source>
        <translation> part(s)</translation>
    </message>
</context>
<context>
    <name>LayoutEditor</name>
    <message>
        <source>已导入版式“{name}”</source>
        <translation>Imported layout “{name}”</translation>
    </message>
    <message>
        <source>导入版式</source>
        <translation>Import layout</translation>
    </message>
    <message>
        <source>已导出到：{path}</source>
        <translation>Exported to: {path}</translation>
    </message>
    <message>
        <source>版式文件 (*.json)</source>
        <translation>Layout files (*.json)</translation>
    </message>
    <message>
        <source>导出版式</source>
        <translation>Export layout</translation>
    </message>
    <message>
        <source>已恢复默认版式</source>
        <translation>Back to the default layout</translation>
    </message>
    <message>
        <source>已保存版式“{name}”（第 {v} 版）</source>
        <translation>Saved layout “{name}” (version {v})</translation>
    </message>
    <message>
        <source>共 {n} 页</source>
        <translation>{n} page(s)</translation>
    </message>
    <message>
        <source>正在生成预览…</source>
        <translation>Rendering the preview…</translation>
    </message>
    <message>
        <source>PNG 图片 (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>选择印章图片</source>
        <translation>Choose seal image</translation>
    </message>
    <message>
        <source>未设印章</source>
        <translation>No seal</translation>
    </message>
    <message>
        <source>已有印章（{kb} KB）</source>
        <translation>Seal set ({kb} KB)</translation>
    </message>
    <message>
        <source>预览（账本中最近的一张单据）</source>
        <translation>Preview (the newest document in the ledger)</translation>
    </message>
    <message>
        <source>字号</source>
        <translation>Font size</translation>
    </message>
    <message>
        <source>连续纸每页行数</source>
        <translation>Rows per page (continuous paper)</translation>
    </message>
    <message>
        <source>行数和字号</source>
        <translation>Rows and font size</translation>
    </message>
    <message>
        <source>联数（多联纸每联打印一份）</source>
        <translation>Copies (one print per part of multi-part paper)</translation>
    </message>
    <message>
        <source>标志和印章</source>
        <translation>Logo and seal</translation>
    </message>
    <message>
        <source>页脚</source>
        <translation>Footer</translation>
    </message>
    <message>
        <source>页眉</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>页眉和页脚文字</source>
        <translation>Header and footer text</translation>
    </message>
    <message>
        <source>列（勾选要打印的列，上移/下移调整顺序）</source>
        <translation>Columns (tick those to print; move up/down to reorder)</translation>
    </message>
    <message>
        <source>版式名称</source>
        <translation>Layout name</translation>
    </message>
    <message>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>单据</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>绿</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>蓝</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>黄</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>粉红</source>
        <translation>Pink</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>恢复默认</source>
        <translation>Reset to default</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>纸张默认</source>
        <translation>Paper's default</translation>
    </message>
    <message>
        <source>放满为止</source>
        <translation>As many as fit</translation>
    </message>
    <message>
        <source>去掉印章</source>
        <translation>Remove seal</translation>
    </message>
    <message>
        <source>选择印章图片…</source>
        <translation>Choose seal image…</translation>
    </message>
    <message>
        <source>打印公司标志</source>
        <translation>Print the firm's logo</translation>
    </message>
    <message>
        <source>例如：开户行、账号、付款说明</source>
        <translation>e.g. bank, account number, how to pay</translation>
    </message>
    <message>
        <source>例如：温馨提示：货物当面点清，过后概不负责</source>
        <translation>e.g. Please check the goods on delivery</translation>
    </message>
    <message>
        <source>对账单</source>
        <translation>Statement</translation>
    </message>
    <message>
        <source>打印版式</source>
        <translation>Print layouts</translation>
    </message>
</context>
<context>
    <name>DrillDialog</name>
    <message>
        <source>正在查找单据…</source>
        <translation>Finding the documents…</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>往来单位</source>
        <translation>Party</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>数字 {figure} 背后的单据（双击打开）</source>
        <translation>The documents behind {figure} (double-click to open)</translation>
    </message>
    <message>
        <source>单据明细</source>
        <translation>Documents</translation>
    </message>
</context>
<context>
    <name>ListingTab</name>
    <message>
        <source>{figure} {unit}（{level}）</source>
        <translation>{figure} {unit} ({level})</translation>
    </message>
    <message>
        <source>选择图片</source>
        <translation>Choose pictures</translation>
    </message>
    <message>
        <source>网店规格</source>
        <translation>Spec buyers see</translation>
    </message>
    <message>
        <source>网店名称</source>
        <translation>Name buyers see</translation>
    </message>
    <message>
        <source>添加图片…</source>
        <translation>Add pictures…</translation>
    </message>
    <message>
        <source>最多 8 张图片</source>
        <translation>At most 8 pictures</translation>
    </message>
    <message>
        <source>库存显示</source>
        <translation>Stock shown as</translation>
    </message>
    <message>
        <source>安全库存（基本单位）</source>
        <translation>Safety buffer (base units)</translation>
    </message>
    <message>
        <source>在网店发布这个商品</source>
        <translation>Publish this product on the marketplace</translation>
    </message>
    <message>
        <source>图片（JPEG、PNG 或 WebP，每张不超过 1 MB，最多 8 张）</source>
        <translation>Pictures (JPEG, PNG or WebP, up to 1 MB each, at most 8)</translation>
    </message>
    <message>
        <source>图片 (*.jpg *.jpeg *.png *.webp)</source>
        <translation>Pictures (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
    <message>
        <source>删除所选图片</source>
        <translation>Remove selected picture</translation>
    </message>
    <message>
        <source>买家看到的批量价、起订量和包装单位就是“基本资料”页上的这些字段，在那里修改。可订数量 = 库存 − 未发货的销售订单 − 安全库存。</source>
        <translation>Buyers see the tier prices, minimum order and pack units of the Details page: change them there. Available = on hand − undelivered sales orders − safety buffer.</translation>
    </message>
    <message>
        <source>买家现在可订</source>
        <translation>Buyers can order now</translation>
    </message>
    <message>
        <source>{name} 超过 1 MB</source>
        <translation>{name} is over 1 MB</translation>
    </message>
    <message>
        <source>{name} 无法读取</source>
        <translation>{name} cannot be read</translation>
    </message>
    <message>
        <source>{name} 不是 JPEG、PNG 或 WebP 图片</source>
        <translation>{name} is not a JPEG, PNG or WebP picture</translation>
    </message>
</context>
<context>
    <name>MarketInbox</name>
    <message>
        <source>待审核买家（{n}）</source>
        <translation>Buyers to accept ({n})</translation>
    </message>
    <message>
        <source>询价与订单（{n}）</source>
        <translation>Inquiries and orders ({n})</translation>
    </message>
    <message>
        <source>（待接受）</source>
        <translation>(not accepted yet)</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>邮箱</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>网店询价与订单</source>
        <translation>Marketplace inbox</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>收到时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>接受买家</source>
        <translation>Accept buyer</translation>
    </message>
    <message>
        <source>接受为新客户</source>
        <translation>Accept as a new customer</translation>
    </message>
    <message>
        <source>接受为已有客户…</source>
        <translation>Accept as an existing customer…</translation>
    </message>
    <message>
        <source>拒绝这个买家：他的询价和订单一并婉拒，原因会显示给买家。</source>
        <translation>Decline this buyer: their inquiries and orders are declined too. The buyer sees the reason.</translation>
    </message>
    <message>
        <source>拒绝买家…</source>
        <translation>Decline buyer…</translation>
    </message>
    <message>
        <source>拒绝买家</source>
        <translation>Decline buyer</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>待审核买家</source>
        <translation>Buyers to accept</translation>
    </message>
    <message>
        <source>待处理单据</source>
        <translation>Waiting drafts</translation>
    </message>
    <message>
        <source>已有客户的编码或名称：</source>
        <translation>Code or name of the existing customer:</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>婉拒这条询价或订单。原因会显示给买家。</source>
        <translation>Decline this inquiry or order. The buyer sees the reason.</translation>
    </message>
    <message>
        <source>婉拒…</source>
        <translation>Decline…</translation>
    </message>
    <message>
        <source>婉拒</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>公司</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>买家</source>
        <translation>Buyer</translation>
    </message>
</context>
<context>
    <name>SyncJoin</name>
    <message>
        <source>联网同步</source>
        <translation>Online sync</translation>
    </message>
    <message>
        <source>有 {n} 条未发送的改动已无法应用到商号的账本，没有发送，请在同步状态中查看。</source>
        <translation>{n} unsent changes no longer fit the firm's ledger and were not sent; see the sync status screen.</translation>
    </message>
    <message>
        <source>已从商号的账本重新开始：保留了 {carried} 条未发送的改动；原来的账本保存在 {kept}。</source>
        <translation>Started again from the firm's ledger: {carried} unsent changes kept; the ledger as it was is kept at {kept}.</translation>
    </message>
    <message>
        <source>已取消：本机账本保持原样，同步已暂停；要再试，请选 文件 → 联网同步…</source>
        <translation>Cancelled: this ledger is as it was and syncing is paused; to try again, choose File → Sign in to sync…</translation>
    </message>
    <message>
        <source>服务器已清理本机需要的历史记录：正在重新下载商号的账本…</source>
        <translation>The server no longer has the history this computer needs: downloading the firm's ledger again…</translation>
    </message>
    <message>
        <source>正在下载商号的账本…</source>
        <translation>Downloading the firm's ledger…</translation>
    </message>
    <message>
        <source>已取消加入商号：本机账本保持原样；再次登录可以接着下载。</source>
        <translation>Joining the firm was cancelled: this ledger is as it was; sign in again to go on with the download.</translation>
    </message>
    <message>
        <source>已下载 {done:.1f} / {total:.1f} MB</source>
        <translation>Downloaded {done:.1f} / {total:.1f} MB</translation>
    </message>
</context>
<context>
    <name>ScanHandler</name>
    <message>
        <source>条码 {code} 还没有商品：请新建。</source>
        <translation>No product has barcode {code} yet: create it.</translation>
    </message>
    <message>
        <source>条码 {code} 是已停用商品“{name}”的条码，不能开单。</source>
        <translation>Barcode {code} belongs to the archived product "{name}"; it cannot be entered.</translation>
    </message>
    <message>
        <source>扫码 {code}：{name} +1 {unit}</source>
        <translation>Scanned {code}: {name} +1 {unit}</translation>
    </message>
    <message>
        <source>此单据已不能修改，扫码未加入。</source>
        <translation>This document can no longer be changed; the scan was not added.</translation>
    </message>
</context>
<context>
    <name>ReceiptCounting</name>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>差异：</source>
        <translation>Differences: </translation>
    </message>
    <message>
        <source>{name} 多 {qty} {unit}</source>
        <translation>{name} {qty} {unit} over</translation>
    </message>
    <message>
        <source>{name} 少 {qty} {unit}</source>
        <translation>{name} short by {qty} {unit}</translation>
    </message>
    <message>
        <source>清点数量与剩余数量一致。</source>
        <translation>The count matches what is left to receive.</translation>
    </message>
    <message>
        <source>条码 {code} 不在这张订单上（或单位不同）。</source>
        <translation>Barcode {code} is not on this order (or in another unit).</translation>
    </message>
    <message>
        <source>扫码清点：每扫一次加一</source>
        <translation>Scan to count: each scan adds one</translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <source>到货</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>打印到货标签 {number}</source>
        <translation>Labels for goods receipt {number}</translation>
    </message>
    <message>
        <source>高</source>
        <translation>Height</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <source>按库存数量</source>
        <translation>As many as on hand</translation>
    </message>
    <message>
        <source>张数都是 0：没有要打印的标签。</source>
        <translation>Every quantity is 0: no labels to print.</translation>
    </message>
    <message>
        <source>张数</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>张</source>
        <translation>labels</translation>
    </message>
    <message>
        <source>库存</source>
        <translation>On hand</translation>
    </message>
    <message>
        <source>左右边距</source>
        <translation>Left/right margin</translation>
    </message>
    <message>
        <source>宽</source>
        <translation>Width</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>卷式尺寸</source>
        <translation>Roll size</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>全部设为</source>
        <translation>Set all to</translation>
    </message>
    <message>
        <source>上下边距</source>
        <translation>Top/bottom margin</translation>
    </message>
    <message>
        <source>A4 排列</source>
        <translation>A4 layout</translation>
    </message>
    <message>
        <source>已保存 {n} 张标签（{pages} 页）到 {file}</source>
        <translation>Saved {n} labels ({pages} pages) to {file}</translation>
    </message>
    <message>
        <source>保存标签</source>
        <translation>Save labels</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>保存 PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>标签纸</source>
        <translation>Label paper</translation>
    </message>
    <message>
        <source>每个商品张数</source>
        <translation>Labels per product</translation>
    </message>
    <message>
        <source>印零售价</source>
        <translation>Print the retail price</translation>
    </message>
    <message>
        <source>卷式标签 {size} 毫米</source>
        <translation>Roll labels {size} mm</translation>
    </message>
    <message>
        <source>A4 标签纸 {size}</source>
        <translation>A4 label sheet {size}</translation>
    </message>
    <message>
        <source>打印条码标签</source>
        <translation>Print barcode labels</translation>
    </message>
</context>
<context>
    <name>UpdateNotice</name>
    <message>
        <source>有新版本 {version}：下载</source>
        <translation>Version {version} is out: download</translation>
    </message>
</context>
<context>
    <name>DashboardCharts</name>
    <message>
        <source>近12个月销售与毛利（万元，{start} 至 {end}）</source>
        <translation>Sales and margin (¥), {start} to {end}</translation>
    </message>
    <message>
        <source>应收账龄（万元，按逾期天数）</source>
        <translation>Receivables aging (¥, days overdue)</translation>
    </message>
    <message>
        <source>近12个月销售与毛利（{start} 至 {end}）</source>
        <translation>Sales and margin, {start} to {end}</translation>
    </message>
    <message>
        <source>应收账龄（逾期天数）</source>
        <translation>Receivables aging (days overdue)</translation>
    </message>
    <message>
        <source>应收金额</source>
        <translation>Receivable</translation>
    </message>
    <message>
        <source>毛利</source>
        <translation>Gross margin</translation>
    </message>
    <message>
        <source>销售额（不含税）</source>
        <translation>Sales net of tax</translation>
    </message>
    <message>
        <source>应收账龄</source>
        <translation>Receivables aging</translation>
    </message>
    <message>
        <source>近12个月销售与毛利</source>
        <translation>Sales and margin, last 12 months</translation>
    </message>
    <message>
        <source>应收账龄（{unit}，按逾期天数）</source>
        <translation>Receivables aging ({unit}, days overdue)</translation>
    </message>
    <message>
        <source>近12个月销售与毛利（{unit}，{start} 至 {end}）</source>
        <translation>Sales and margin ({unit}), {start} to {end}</translation>
    </message>
    <message>
        <source>应收账龄（按逾期天数）</source>
        <translation>Receivables aging (days overdue)</translation>
    </message>
</context>
<context>
    <name>StocktakeWindow</name>
    <message>
        <source>共 {n} 种商品，已盘 {counted} 种；差异 {diffs} 种（盘盈 {over}，盘亏 {short}）</source>
        <translation>{n} products, {counted} counted; {diffs} differ ({over} over, {short} short)</translation>
    </message>
    <message>
        <source>还没有盘点任何商品：先扫码或输入数量。</source>
        <translation>Nothing counted yet: scan or type a count first.</translation>
    </message>
    <message>
        <source>过账这张盘点单吗？</source>
        <translation>Post this stocktake?</translation>
    </message>
    <message>
        <source>过账盘点(&amp;P)…</source>
        <translation>&amp;Post stocktake…</translation>
    </message>
    <message>
        <source>账面数量</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>请输入“{name}”的实盘数量（{unit}），回车确认。</source>
        <translation>Type the count of {name} ({unit}) and press Enter.</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>类别：{name}</source>
        <translation>Category: {name}</translation>
    </message>
    <message>
        <source>盘点（{scope}）</source>
        <translation>Stocktake ({scope})</translation>
    </message>
    <message>
        <source>盘点范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>盘点数量与账面一致，不调整库存。</source>
        <translation>The counts agree with the book: no stock is adjusted.</translation>
    </message>
    <message>
        <source>盘点</source>
        <translation>Stocktake</translation>
    </message>
    <message>
        <source>条码 {code} 是已停用商品“{name}”的条码，不计入盘点。</source>
        <translation>Barcode {code} belongs to archived product {name}; not counted.</translation>
    </message>
    <message>
        <source>条码 {code} 不是任何商品的条码。</source>
        <translation>Barcode {code} belongs to no product.</translation>
    </message>
    <message>
        <source>未盘到的商品按 0 计。</source>
        <translation>Products not counted count as zero.</translation>
    </message>
    <message>
        <source>未盘到的商品按 0 计</source>
        <translation>Uncounted products count as zero</translation>
    </message>
    <message>
        <source>换范围会清空已盘的数量，继续吗？</source>
        <translation>Changing the scope clears the counts so far. Go on?</translation>
    </message>
    <message>
        <source>扫码：每扫一次加一；手输编码或条码回车，再在“实盘”栏填数量</source>
        <translation>Scan: each scan adds one. Or type a code or barcode, Enter, then type the count</translation>
    </message>
    <message>
        <source>扫码 {code}：{name} +1 {unit}，已盘 {total} {base}</source>
        <translation>Scanned {code}: {name} +1 {unit}, {total} {base} counted</translation>
    </message>
    <message>
        <source>已过账盘点单 {number}。</source>
        <translation>Stocktake {number} posted.</translation>
    </message>
    <message>
        <source>差异</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>实盘数量</source>
        <translation>Counted</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>只调整盘到的商品，其余库存不变。</source>
        <translation>Only the products counted are adjusted; the rest keep their stock.</translation>
    </message>
    <message>
        <source>只看差异</source>
        <translation>Differences only</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>全部商品</source>
        <translation>All products</translation>
    </message>
    <message>
        <source>不勾选时只调整盘到的商品，其余商品库存不变。</source>
        <translation>Unticked, only the products counted are adjusted; the others keep their stock.</translation>
    </message>
    <message>
        <source>……另有 {n} 种</source>
        <translation>…and {n} more</translation>
    </message>
    <message>
        <source>“{text}”不是数量：请输入 0 或正数。</source>
        <translation>'{text}' is not a quantity: enter 0 or more.</translation>
    </message>
    <message>
        <source>{name}：账面 {book}，实盘 {counted}，差异 {diff} {unit}</source>
        <translation>{name}: book {book}, counted {counted}, difference {diff} {unit}</translation>
    </message>
</context>
<context>
    <name>StatementTracking</name>
    <message>
        <source>{kind} {code} {name}：寄出的对账单及对方的答复（最新的在上）</source>
        <translation>{kind} {code} {name}: statements sent and the answers (newest first)</translation>
    </message>
    <message>
        <source>对账记录 — {name}</source>
        <translation>Statements sent — {name}</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>正在读取对账记录…</source>
        <translation>Reading the statements sent…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>有异议…</source>
        <translation>Disputed…</translation>
    </message>
    <message>
        <source>对方已确认…</source>
        <translation>Confirmed…</translation>
    </message>
    <message>
        <source>登记寄出…</source>
        <translation>Record as sent…</translation>
    </message>
    <message>
        <source>异议</source>
        <translation>Dispute</translation>
    </message>
    <message>
        <source>回复</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>寄出</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>期末余额</source>
        <translation>Closing</translation>
    </message>
    <message>
        <source>对账记录</source>
        <translation>Statements sent</translation>
    </message>
    <message>
        <source>请写明异议说明。</source>
        <translation>Please say what is disputed.</translation>
    </message>
    <message>
        <source>请填写对方确认人。</source>
        <translation>Please fill in who answered.</translation>
    </message>
    <message>
        <source>有异议的单据</source>
        <translation>Documents disputed</translation>
    </message>
    <message>
        <source>异议说明</source>
        <translation>What is disputed</translation>
    </message>
    <message>
        <source>对方说哪里不对，如：退货 10 个未扣</source>
        <translation>What they say is wrong, e.g. return of 10 not deducted</translation>
    </message>
    <message>
        <source>对方确认人</source>
        <translation>Answered by</translation>
    </message>
    <message>
        <source>回复日期</source>
        <translation>Date answered</translation>
    </message>
    <message>
        <source>对方经办人，如：李会计</source>
        <translation>Who answered, e.g. Ms Li (accounts)</translation>
    </message>
    <message>
        <source>登记对方已确认</source>
        <translation>Record the confirmation</translation>
    </message>
    <message>
        <source>登记对账异议</source>
        <translation>Record a dispute</translation>
    </message>
    <message>
        <source>开始日期不能晚于结束日期。</source>
        <translation>The start date cannot be after the end date.</translation>
    </message>
    <message>
        <source>寄送方式</source>
        <translation>Sent by</translation>
    </message>
    <message>
        <source>寄出日期</source>
        <translation>Date sent</translation>
    </message>
    <message>
        <source>对账期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>登记寄出对账单</source>
        <translation>Record a statement as sent</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>有异议</source>
        <translation>Disputed</translation>
    </message>
    <message>
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>待确认</source>
        <translation>Awaiting answer</translation>
    </message>
</context>
</TS>
