<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>Action</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="98" />
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="99" />
        <source>接受</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="100" />
        <source>拒绝</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="101" />
        <source>作废</source>
        <translation>Cancel document</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="102" />
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="103" />
        <source>发货</source>
        <translation>Deliver</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="104" />
        <source>收货</source>
        <translation>Receive</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="105" />
        <source>开单</source>
        <translation>Bill</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="106" />
        <source>关闭订单</source>
        <translation>Close order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="107" />
        <source>过账</source>
        <translation>Post</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="108" />
        <source>红冲</source>
        <translation>Reverse</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="109" />
        <source>收款</source>
        <translation>Receive payment</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="110" />
        <source>付款</source>
        <translation>Pay</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/app.py" line="127" />
        <source>正在生成演示账本…</source>
        <translation>Creating the demo ledger…</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../desktop/views/backups.py" line="73" />
        <source>备份完成</source>
        <translation>Backup done</translation>
    </message>
    <message>
        <location filename="../../desktop/views/backups.py" line="74" />
        <source>账本已备份到：{path}</source>
        <translation>The ledger was backed up to: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/backups.py" line="76" />
        <source>正在备份账本…</source>
        <translation>Backing up the ledger…</translation>
    </message>
</context>
<context>
    <name>Code</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="118" />
        <source>专票</source>
        <translation>Special VAT</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="119" />
        <source>普票</source>
        <translation>Normal VAT</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="120" />
        <source>数电票</source>
        <translation>Digital</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="121" />
        <source>销项</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="122" />
        <source>进项</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="123" />
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="124" />
        <source>红字</source>
        <translation>Red-letter</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="125" />
        <source>作废</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="126" />
        <source>待同步</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="127" />
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="128" />
        <source>被拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="129" />
        <source>仅提醒</source>
        <translation>Warn only</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="130" />
        <source>禁止确认</source>
        <translation>Block</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="131" />
        <source>凭理由放行</source>
        <translation>Allow with a reason</translation>
    </message>
</context>
<context>
    <name>Column</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="14" />
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="15" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="16" />
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="17" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="18" />
        <source>欠款余额</source>
        <translation>Balance owed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="19" />
        <source>信用额度</source>
        <translation>Credit limit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="20" />
        <source>账期(天)</source>
        <translation>Terms (days)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="21" />
        <source>业务员</source>
        <translation>Salesperson</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="22" />
        <source>税号</source>
        <translation>Tax ID</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="23" />
        <source>送货地址</source>
        <translation>Ship to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="24" />
        <source>规格</source>
        <translation>Spec</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="25" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="26" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="27" />
        <source>零售价</source>
        <translation>Retail price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="28" />
        <source>成本价</source>
        <translation>Cost price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="29" />
        <source>库存</source>
        <translation>On hand</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="30" />
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="31" />
        <source>平均成本</source>
        <translation>Average cost</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="32" />
        <source>库存金额</source>
        <translation>Stock value</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="33" />
        <source>单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="34" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="35" />
        <source>往来单位</source>
        <translation>Party</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="36" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="37" />
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="38" />
        <source>不含税金额</source>
        <translation>Net amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="39" />
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="40" />
        <source>未收/未付</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="41" />
        <source>到期日</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="42" />
        <source>未核销</source>
        <translation>Unapplied</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="43" />
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="44" />
        <source>凭证号</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="45" />
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="46" />
        <source>制单人</source>
        <translation>Created by</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="47" />
        <source>发票代码</source>
        <translation>Fapiao code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="48" />
        <source>开票日期</source>
        <translation>Issue date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="49" />
        <source>发票类型</source>
        <translation>Fapiao type</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="50" />
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="51" />
        <source>发票状态</source>
        <translation>Fapiao status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="52" />
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="53" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="54" />
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="55" />
        <source>操作</source>
        <translation>Operation</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="56" />
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
</context>
<context>
    <name>CreditPanel</name>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="63" />
        <source>信用</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="71" />
        <source>信用额度</source>
        <translation>Credit limit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="72" />
        <source>欠款余额</source>
        <translation>Balance owed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="73" />
        <source>未开单订单</source>
        <translation>Unbilled orders</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="74" />
        <source>可用额度</source>
        <translation>Available credit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="75" />
        <source>本单后可用</source>
        <translation>Available after this order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="76" />
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="92" />
        <source>未设额度</source>
        <translation>No limit set</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="97" />
        <location filename="../../desktop/views/editor/panels.py" line="98" />
        <source>不限</source>
        <translation>Unlimited</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="106" />
        <source>{n} 天</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="106" />
        <source>无</source>
        <translation>None</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="48" />
        <source>今日销售</source>
        <translation>Sales today</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="49" />
        <source>本月销售</source>
        <translation>Sales this month</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="50" />
        <source>应收账款</source>
        <translation>Receivables</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="51" />
        <source>应付账款</source>
        <translation>Payables</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="52" />
        <source>未完成销售订单</source>
        <translation>Open sales orders</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="53" />
        <source>逾期应收</source>
        <translation>Overdue receivables</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="58" />
        <source>客户编码</source>
        <translation>Customer code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="58" />
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="58" />
        <source>逾期金额</source>
        <translation>Overdue amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="59" />
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="60" />
        <source>商品编码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="60" />
        <source>商品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="60" />
        <source>近30天销售额</source>
        <translation>Sales, last 30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="63" />
        <source>近30天畅销商品</source>
        <translation>Top products, last 30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/dashboard.py" line="62" />
        <source>逾期客户</source>
        <translation>Overdue customers</translation>
    </message>
</context>
<context>
    <name>DeliverDialog</name>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="88" />
        <source>商品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="88" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="88" />
        <source>订购</source>
        <translation>Ordered</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="88" />
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="89" />
        <source>本次数量</source>
        <translation>Quantity now</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="137" />
        <source>本次数量须是 0 到剩余数量之间的数字。</source>
        <translation>Each quantity must be a number between 0 and what is left.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="140" />
        <source>请至少填写一行数量。</source>
        <translation>Enter a quantity on at least one line.</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="36" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="37" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="224" />
        <source>信用超限</source>
        <translation>Over credit limit</translation>
    </message>
</context>
<context>
    <name>DocumentEditor</name>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="113" />
        <source>（保存后生成）</source>
        <translation>(assigned when saved)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="140" />
        <source>关闭窗口</source>
        <translation>Close window</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="206" />
        <source>不能保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="231" />
        <source>已保存：{number}</source>
        <translation>Saved: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="246" />
        <source>请先选择客户或供应商。</source>
        <translation>Choose a customer or supplier first.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="248" />
        <source>明细中有无效的数字（红色），请改正。</source>
        <translation>Some numbers in the lines are not valid (shown in red); please correct them.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="251" />
        <source>请至少录入一行商品。</source>
        <translation>Enter at least one product line.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="254" />
        <source>第 {n} 行没有数量。</source>
        <translation>Line {n} has no quantity.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="256" />
        <source>第 {n} 行没有单价。</source>
        <translation>Line {n} has no price.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="262" />
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/window.py" line="262" />
        <source>单据有未保存的修改，确定关闭吗？</source>
        <translation>This document has unsaved changes. Close it anyway?</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="32" />
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="53" />
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="103" />
        <source>已确认，但信用超限：{reasons}</source>
        <translation>Confirmed, but over credit: {reasons}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="104" />
        <source>信用提醒</source>
        <translation>Credit warning</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="106" />
        <source>订单已确认。</source>
        <translation>Order confirmed.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="113" />
        <source>密码不正确</source>
        <translation>Wrong password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="137" />
        <source>已过账：{number}</source>
        <translation>Posted: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="157" />
        <source>已生成并过账：{number}</source>
        <translation>Created and posted: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="176" />
        <source>已开单：{number}</source>
        <translation>Billed: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="201" />
        <source>关闭后，未发货的部分不再发货。</source>
        <translation>After closing, what is not delivered yet will not be delivered.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="211" />
        <source>订单已关闭：{number}</source>
        <translation>Order closed: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="215" />
        <source>作废后单据保留，但不再生效。</source>
        <translation>A cancelled document is kept but no longer counts.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="225" />
        <source>已作废：{number}</source>
        <translation>Cancelled: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="230" />
        <source>红冲会生成一张金额相反的单据，原单保留。</source>
        <translation>Reversing creates a document with opposite amounts; the original is kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="240" />
        <source>已红冲，红字单据：{number}</source>
        <translation>Reversed; the reversal is {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="261" />
        <source>已生成打印文件：{path}</source>
        <translation>Print file created: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/actions.py" line="265" />
        <source>正在生成打印文件…</source>
        <translation>Creating the print file…</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop/views/errors.py" line="31" />
        <source>出现了意外错误，操作没有完成，数据未被改动。详细信息已记录在：{path}</source>
        <translation>An unexpected error stopped this operation; no data was changed. The details were written to: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/errors.py" line="39" />
        <source>无法完成</source>
        <translation>Could not complete</translation>
    </message>
</context>
<context>
    <name>FirmPage</name>
    <message>
        <location filename="../../desktop/views/wizard.py" line="118" />
        <source>公司资料</source>
        <translation>Firm profile</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="119" />
        <source>打印在单据抬头上。只有公司名称必填。</source>
        <translation>Printed at the top of your documents. Only the firm name is required.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="120" />
        <source>公司名称</source>
        <translation>Firm name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="120" />
        <source>纳税人识别号</source>
        <translation>Tax ID</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="121" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="121" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="121" />
        <source>开户行</source>
        <translation>Bank</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="122" />
        <source>银行账号</source>
        <translation>Bank account</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="122" />
        <source>标志（Logo）</source>
        <translation>Logo</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="125" />
        <source>选择图片…</source>
        <translation>Choose image…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="128" />
        <source>选择标志图片</source>
        <translation>Choose logo image</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="136" />
        <source>无法读取这张图片。</source>
        <translation>This image cannot be read.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../desktop/views/wizard.py" line="201" />
        <source>账房 — 首次使用</source>
        <translation>Zhangfang — first start</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="202" />
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="203" />
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="204" />
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="205" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="40" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="41" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="97" />
        <location filename="../../desktop/views/forms/common.py" line="103" />
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="107" />
        <source>请输入数字，例如 50000 或 12.5</source>
        <translation>Enter a number, e.g. 50000 or 12.5</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="109" />
        <source>不能是负数</source>
        <translation>Cannot be negative</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="111" />
        <source>小数位太多</source>
        <translation>Too many decimals</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/common.py" line="118" />
        <source>纳税人识别号应为 15–20 位数字或大写字母</source>
        <translation>A tax ID is 15–20 digits or capital letters</translation>
    </message>
</context>
<context>
    <name>HeaderPanel</name>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="31" />
        <source>输入客户编码、名称或拼音首字母</source>
        <extracomment>Enter in the customer field with a customer chosen: go to the lines</extracomment>
        <translation>Type a customer code, name or pinyin initials</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="32" />
        <source>输入供应商编码、名称或拼音首字母</source>
        <translation>Type a supplier code, name or pinyin initials</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="35" />
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="35" />
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="47" />
        <source>送货地址</source>
        <translation>Ship to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="48" />
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="50" />
        <source>单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="51" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/header.py" line="52" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="80" />
        <source>报价单</source>
        <translation>Quote</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="81" />
        <source>销售订单</source>
        <translation>Sales order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="82" />
        <source>送货单</source>
        <translation>Delivery note</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="83" />
        <source>销售单</source>
        <translation>Sales bill</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="84" />
        <source>销售退货单</source>
        <translation>Sales return</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="85" />
        <source>采购订单</source>
        <translation>Purchase order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="86" />
        <source>入库单</source>
        <translation>Goods receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="87" />
        <source>采购账单</source>
        <translation>Supplier bill</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="88" />
        <source>采购退货单</source>
        <translation>Purchase return</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="89" />
        <source>收款单</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="90" />
        <source>付款单</source>
        <translation>Payment</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="91" />
        <source>盘点单</source>
        <translation>Stocktake</translation>
    </message>
</context>
<context>
    <name>LazyListModel</name>
    <message>
        <location filename="../../desktop/views/list_model.py" line="177" />
        <source>已逾期 {days} 天</source>
        <extracomment>in-memory substring index (set when loaded), and the rowids it found for ``text``</extracomment>
        <translation>{days} days overdue</translation>
    </message>
</context>
<context>
    <name>LinesModel</name>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="96" />
        <source>商品编码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="96" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="96" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="96" />
        <source>数量</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="97" />
        <source>单价</source>
        <translation>Price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="97" />
        <source>折扣%</source>
        <translation>Disc. %</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="97" />
        <source>税率%</source>
        <translation>Tax %</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="97" />
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="98" />
        <source>上次价</source>
        <translation>Last price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="204" />
        <source>价格来源：{source}</source>
        <translation>Price from: {source}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/lines.py" line="277" />
        <source>“{text}”不是有效的数字</source>
        <translation>"{text}" is not a valid number</translation>
    </message>
</context>
<context>
    <name>ListScreen</name>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="64" />
        <source>输入编码、名称、拼音首字母（如 zs）或电话筛选</source>
        <extracomment>default column widths in digit widths (a Chinese character is about two)</extracomment>
        <translation>Filter by code, name, pinyin initials (e.g. zs) or phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="93" />
        <source>新建(&amp;N)</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <location filename="../../desktop/views/list_screen.py" line="251" />
        <location filename="../../desktop/views/list_screen.py" line="264" />
        <source>共 {n} 条</source>
        <translation>{n} rows</translation>
    </message>
</context>
<context>
    <name>LookPage</name>
    <message>
        <location filename="../../desktop/views/wizard.py" line="78" />
        <source>欢迎使用账房</source>
        <translation>Welcome to Zhangfang</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="79" />
        <source>请选择语言和文字大小，以后可以在“设置”里更改。</source>
        <translation>Choose your language and text size. You can change them later in Settings.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="80" />
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="81" />
        <source>文字大小</source>
        <translation>Text size</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="82" />
        <source>示例：张三五金 销售订单 ¥ 12,345.60 壹万贰仟叁佰肆拾伍元陆角</source>
        <translation>Sample: Zhang San Hardware, sales order ¥ 12,345.60 壹万贰仟叁佰肆拾伍元陆角</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/views/main_window.py" line="43" />
        <source>账房 Zhangfang — {path}</source>
        <translation>Zhangfang — {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="73" />
        <source>账本：{path}</source>
        <translation>Ledger: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="80" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="81" />
        <source>新建销售订单</source>
        <translation>New sales order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="83" />
        <source>新建采购订单</source>
        <translation>New purchase order</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="85" />
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="86" />
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="88" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="89" />
        <source>转到(&amp;G)</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="93" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="94" />
        <location filename="../../desktop/views/main_window.py" line="184" />
        <source>关于账房</source>
        <translation>About Zhangfang</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="185" />
        <source>账房 Zhangfang：进销存账本。数据保存在本机：{path}</source>
        <translation>Zhangfang: a sales and purchasing ledger. Your data stays on this computer: {path}</translation>
    </message>
</context>
<context>
    <name>Nav</name>
    <message>
        <location filename="../../desktop/views/nav.py" line="40" />
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="41" />
        <source>客户</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="42" />
        <source>供应商</source>
        <translation>Suppliers</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="43" />
        <source>商品</source>
        <translation>Products</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="44" />
        <source>报价单</source>
        <translation>Quotes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="45" />
        <source>销售订单</source>
        <translation>Sales orders</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="46" />
        <source>送货单</source>
        <translation>Deliveries</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="47" />
        <source>销售单</source>
        <translation>Sales bills</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="48" />
        <source>收款</source>
        <translation>Receipts</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="49" />
        <source>采购订单</source>
        <translation>Purchase orders</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="50" />
        <source>入库单</source>
        <translation>Goods receipts</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="51" />
        <source>采购账单</source>
        <translation>Supplier bills</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="52" />
        <source>付款</source>
        <translation>Payments</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="53" />
        <source>库存</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="54" />
        <source>发票</source>
        <translation>Fapiao</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="55" />
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="56" />
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="64" />
        <source>资料</source>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="65" />
        <source>销售</source>
        <translation>Sales</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="66" />
        <source>采购</source>
        <translation>Purchasing</translation>
    </message>
    <message>
        <location filename="../../desktop/views/nav.py" line="67" />
        <source>库存与报表</source>
        <translation>Stock &amp; reports</translation>
    </message>
</context>
<context>
    <name>PartyForm</name>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="31" />
        <source>往来单位</source>
        <extracomment>service error "field" values → our field keys</extracomment>
        <translation>Party</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="32" />
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="33" />
        <source>留空自动编号</source>
        <translation>Leave empty to number automatically</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="34" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="35" />
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="36" />
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="36" />
        <source>是客户</source>
        <translation>Is a customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="37" />
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="37" />
        <source>是供应商</source>
        <translation>Is a supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="38" />
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="39" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="40" />
        <source>送货地址</source>
        <translation>Ship to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="41" />
        <source>开票名称</source>
        <translation>Invoice name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="42" />
        <source>纳税人识别号</source>
        <translation>Tax ID</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="43" />
        <source>开票地址电话</source>
        <translation>Invoice address and phone</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="44" />
        <source>开户行及账号</source>
        <translation>Bank and account</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="45" />
        <source>信用额度（元）</source>
        <translation>Credit limit (yuan)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="46" />
        <source>留空表示不限</source>
        <translation>Leave empty for no limit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="47" />
        <source>账期方式</source>
        <translation>Terms</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="48" />
        <source>按天</source>
        <translation>Days after bill</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="49" />
        <source>月结</source>
        <translation>Month end</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="52" />
        <source>账期天数</source>
        <translation>Terms (days)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="53" />
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/party_form.py" line="92" />
        <source>请至少选择“客户”或“供应商”之一。</source>
        <translation>Tick "customer", "supplier" or both.</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="156" />
        <source>收款</source>
        <translation>Receive payment</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="156" />
        <source>付款</source>
        <translation>Pay supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="168" />
        <source>银行转账</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="168" />
        <source>现金</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="168" />
        <source>承兑汇票</source>
        <translation>Bank acceptance</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="168" />
        <source>微信/支付宝</source>
        <translation>WeChat/Alipay</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="178" />
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="178" />
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="180" />
        <source>核销单据</source>
        <translation>Apply to</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="181" />
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="182" />
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="183" />
        <source>凭证号</source>
        <translation>Reference</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="184" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="195" />
        <source>请选择往来单位。</source>
        <translation>Choose the customer or supplier.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="202" />
        <source>请输入大于 0 的金额。</source>
        <translation>Enter an amount above 0.</translation>
    </message>
</context>
<context>
    <name>PriceSource</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="138" />
        <source>等级价</source>
        <translation>Price level</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="139" />
        <source>批量价</source>
        <translation>Quantity tier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="140" />
        <source>上次价</source>
        <translation>Last price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="141" />
        <source>零售价</source>
        <translation>Retail price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="142" />
        <source>成本价</source>
        <translation>Cost price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="143" />
        <source>手工</source>
        <translation>Typed in</translation>
    </message>
</context>
<context>
    <name>Print</name>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="24" />
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="25" />
        <source>品名规格</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="26" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="27" />
        <source>数量</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="28" />
        <source>单价</source>
        <translation>Price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="29" />
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="39" />
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="39" />
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="46" />
        <source>单号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="50" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="51" />
        <source>不含税金额</source>
        <translation>Net amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="52" />
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="53" />
        <source>价税合计</source>
        <translation>Total incl. tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="55" />
        <source>金额大写</source>
        <translation>Amount in words</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="57" />
        <source>制单</source>
        <translation>Prepared by</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="57" />
        <source>审核</source>
        <translation>Checked by</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/printout.py" line="57" />
        <source>收货人签字</source>
        <translation>Received by</translation>
    </message>
</context>
<context>
    <name>ProductForm</name>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="43" />
        <source>商品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="44" />
        <source>商品编码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="45" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="46" />
        <source>规格</source>
        <translation>Spec</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="47" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="48" />
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="49" />
        <source>基本单位</source>
        <translation>Base unit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="50" />
        <source>包装单位</source>
        <translation>Pack units</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="51" />
        <source>例如：箱=24, 包=10</source>
        <translation>e.g. 箱=24, 包=10</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="52" />
        <source>零售价</source>
        <translation>Retail price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="53" />
        <source>成本价</source>
        <translation>Cost price</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="54" />
        <source>批量价</source>
        <translation>Quantity tiers</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="55" />
        <source>起批量=单价，例如：100=2.0, 1000=1.8</source>
        <translation>min qty=price, e.g. 100=2.0, 1000=1.8</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="95" />
        <source>格式应为 单位=数量，例如 箱=24</source>
        <translation>Write unit=quantity, e.g. 箱=24</translation>
    </message>
    <message>
        <location filename="../../desktop/views/forms/product_form.py" line="98" />
        <source>格式应为 起批量=单价，例如 100=2.0</source>
        <translation>Write min qty=price, e.g. 100=2.0</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="61" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="63" />
        <source>老板密码</source>
        <translation>Owner's password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/dialogs.py" line="73" />
        <source>请填写原因。</source>
        <translation>Please give a reason.</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <location filename="../../desktop/views/reports.py" line="37" />
        <source>应收账龄（客户）</source>
        <translation>Receivables aging (customers)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="38" />
        <source>应付账龄（供应商）</source>
        <translation>Payables aging (suppliers)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="42" />
        <source>计算(&amp;R)</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="44" />
        <source>导出 Excel(&amp;E)</source>
        <translation>&amp;Export to Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="49" />
        <source>截止日期</source>
        <translation>As of</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="54" />
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="54" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="54" />
        <source>余额</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="54" />
        <source>未到期</source>
        <translation>Not due</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="55" />
        <source>1-30天</source>
        <translation>1-30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="55" />
        <source>31-60天</source>
        <translation>31-60 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="55" />
        <source>61-90天</source>
        <translation>61-90 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="56" />
        <source>90天以上</source>
        <translation>Over 90 days</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="56" />
        <source>预收/预付</source>
        <translation>Prepaid</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="56" />
        <source>最长逾期天数</source>
        <translation>Max days overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="84" />
        <source>正在计算账龄…</source>
        <translation>Computing aging…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="102" />
        <source>共 {n} 家，余额合计 {total}</source>
        <translation>{n} parties, total balance {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="107" />
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="129" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="130" />
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reports.py" line="130" />
        <source>已保存到：{path}</source>
        <translation>Saved to: {path}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="49" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="59" />
        <source>高对比度（黑底白字）</source>
        <translation>High contrast (white on black)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="61" />
        <source>显示</source>
        <translation>Display</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="63" />
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="64" />
        <source>文字大小</source>
        <translation>Text size</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="79" />
        <source>信用控制</source>
        <translation>Credit control</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="81" />
        <source>超额度时</source>
        <translation>When over the limit</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="82" />
        <source>允许逾期天数</source>
        <translation>Allowed days overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="84" />
        <source>原老板密码</source>
        <translation>Current owner's password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="85" />
        <source>新老板密码</source>
        <translation>New owner's password</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="88" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="94" />
        <source>不自动备份</source>
        <translation>No automatic backups</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="94" />
        <source>每 4 小时</source>
        <translation>Every 4 hours</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="95" />
        <source>每天</source>
        <translation>Daily</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="95" />
        <source>每周</source>
        <translation>Weekly</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="101" />
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="103" />
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="105" />
        <location filename="../../desktop/views/settings_dialog.py" line="137" />
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="106" />
        <source>自动备份</source>
        <translation>Automatic backup</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="107" />
        <source>保留份数</source>
        <translation>Copies to keep</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="115" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="116" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../desktop/views/wizard.py" line="172" />
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="173" />
        <source>怎样开始记账？</source>
        <translation>How do you want to start?</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="174" />
        <source>从空账本开始</source>
        <translation>Start with an empty ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="175" />
        <source>打开演示账本（含示例客户、商品和单据）</source>
        <translation>Open the demo ledger (sample customers, products and documents)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="176" />
        <source>打开演示账本（此版本尚未提供）</source>
        <translation>Open the demo ledger (not available in this version yet)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="177" />
        <source>从 Excel 导入旧账（导入向导将在后续版本提供）</source>
        <translation>Import from Excel (the import wizard comes in a later version)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wizard.py" line="178" />
        <source>以后随时可以从“文件”菜单导入 Excel。</source>
        <translation>You can import from Excel later from the File menu.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../desktop/views/labels.py" line="63" />
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="64" />
        <source>已发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="65" />
        <source>已接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="66" />
        <source>已拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="67" />
        <source>已确认</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="68" />
        <source>部分完成</source>
        <translation>Partly done</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="69" />
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="70" />
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="71" />
        <source>已过账</source>
        <translation>Posted</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="72" />
        <source>已作废</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../desktop/views/labels.py" line="73" />
        <source>已红冲</source>
        <translation>Reversed</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <location filename="../../desktop/views/sync_screen.py" line="29" />
        <source>未登录市场账号：本机离线工作，所有修改都已保存在本地。待同步的修改：{n} 条，联网登录后会自动发送。</source>
        <translation>Not signed in to the marketplace: this desk works offline and every change is saved locally. Changes waiting to sync: {n}; they are sent automatically once you sign in.</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <location filename="../../desktop/views/worker.py" line="201" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="35" />
        <source>合计</source>
        <translation>Totals</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="45" />
        <source>不含税金额</source>
        <translation>Net amount</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="46" />
        <source>税额</source>
        <translation>Tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="47" />
        <source>价税合计</source>
        <translation>Total incl. tax</translation>
    </message>
    <message>
        <location filename="../../desktop/views/editor/panels.py" line="48" />
        <source>大写</source>
        <translation>In words</translation>
    </message>
</context>
</TS>