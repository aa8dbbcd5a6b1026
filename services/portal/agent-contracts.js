/* 存量房网签 — the agent's 待办业务 (guide 001, 2.2 (五)–(九), 3.2): the agency's contracts this agent drafted,
 * and one contract at a time: the form while drafted, 生成电子合同订单 once submitted, the parties' QR codes and
 * signature status, 提交 once all signed (-> 已签约 with the filing number), 注销电子合同订单, 删除, the R001.11
 * countdown, and the escrow account of a filed contract. */
"use strict";

(function () {
  const { $, el, api, ask, notify, showError, describe, table, formatTime, sleep } = window.Portal;
  const staff = window.Portal.staff;
  const eh = window.Portal.existingHome;
  const { path, STATE_LABEL, STATE_CLASS, action } = eh;
  const DELETABLE = ["drafted", "submitted"];
  let listLoads = 0;

  async function loadList() {
    const ticket = ++listLoads;
    const target = $("eh-list");
    showError("eh-list-error", null);
    window.Portal.loading(target);
    try {
      const state = $("eh-list-state").value;
      const answer = await api("GET", `/api/v1/existing-home-contracts${state ? `?state=${encodeURIComponent(state)}` : ""}`);
      if (ticket !== listLoads) return null;
      const rows = answer.contracts || [];
      if (!rows.length) {
        target.replaceChildren(el("p", { class: "empty" }, "没有待办业务。请先在“房源验证”中查询房源，再签订合同。"));
        return rows;
      }
      target.replaceChildren(table(["合同编号", "房屋坐落", "签约方式", "状态", "自动删除时间", "操作"], rows.map((c) => [
        el("span", { class: "mono" }, c.contract_number || "—"), c.address || c.property_id,
        c.mode === "window" ? "线下窗口" : "线上",
        el("span", { class: `pill ${STATE_CLASS[c.state] || ""}` }, STATE_LABEL[c.state] || c.state),
        DELETABLE.concat(["signature_order_open", "all_signed"]).includes(c.state) ? formatTime(c.delete_at) : "—",
        el("button", { type: "button", class: "btn btn-small", onclick: () => openContract(c.contract_id) }, "办理"),
      ])));
      return rows;
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("eh-list-error", error);
    }
    return null;
  }

  /** The list is a projection a moment behind the contract: read it again until it shows `contractId` (in
   *  `state`, when given). */
  async function listUntil(contractId, state) {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const rows = await loadList();
      if (!rows || rows.some((c) => c.contract_id === contractId && (!state || c.state === state))) return;
      await sleep(400 + attempt * 200);
    }
  }

  /** Show one contract under the list (read from the API), scrolled into view. */
  async function openContract(contractId, note) {
    eh.stopWatching();
    const detail = $("eh-detail");
    detail.hidden = false;
    window.Portal.loading(detail, "正在读取合同…");
    try {
      render(await api("GET", path(contractId)), note);
    } catch (error) {
      detail.replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
    }
    detail.scrollIntoView({ block: "start" });
  }

  const changed = (contract, note) => {
    if (note) notify(note, "ok");
    render(contract);
    listUntil(contract.contract_id, contract.state);
  };

  function render(c) {
    eh.stopWatching();
    const detail = $("eh-detail");
    const box = el("div", { class: "error", role: "alert", hidden: true });
    const head = el("div", { class: "card eh-head" }, el("h3", {}, `存量房买卖合同 ${c.contract_number || ""}`), eh.contractFacts(c),
      DELETABLE.concat(["signature_order_open", "all_signed"]).includes(c.state) ? el("p", { class: "deadline" }, eh.countdown(c.delete_at)) : null);
    const actions = el("div", { class: "actions" });
    const body = el("div", { class: "eh-body" });
    detail.replaceChildren(head, body, el("div", { class: "card" }, box, actions));
    if (c.state === "drafted" || c.state === "window_rejected" || c.state === "corrected") {
      if (c.state === "window_rejected") head.append(rejection(c));
      eh.contractForm(body, c, changed, c.state === "window_rejected" ? "/resubmission" : "/submit");
    }
    if (c.state === "submitted") {
      const edit = el("details", { class: "card eh-edit" });
      body.append(edit);
      eh.contractForm(edit, c, changed);
      edit.prepend(el("summary", {}, "修改合同（修改后须重新提交）"));
    }
    if (c.state === "submitted" && c.mode !== "window") {
      actions.append(action("生成电子合同订单", "btn-primary", box, () => api("POST", path(c.contract_id, "/signature-order")),
        () => openContract(c.contract_id, "电子合同订单生成成功，请点击“查看二维码”由买卖双方扫码签名。"), "生成中…"));
    }
    if (c.state === "submitted" && c.mode === "window") {
      body.append(el("p", { class: "card" }, "合同已提交，尚未完成网签备案。请买卖双方本人持有效身份证件（原件）到中山市房地产交易管理事务中心业务窗口签约，工作人员上传签章页后提交审核。"));
    }
    if (["signature_order_open", "all_signed"].includes(c.state)) {
      const order = el("section", { class: "card eh-order", "aria-label": "电子合同" });
      body.append(order);
      eh.showOrder(order, c, (fresh) => render(fresh));
      actions.append(action("注销电子合同订单", "btn-reject", box, async () => {
        const sure = await ask({ title: "注销电子合同订单", danger: true, confirmLabel: "注销订单",
          message: "注销后已完成的签名作废，合同回到可修改状态；修改后须重新生成电子合同订单，由买卖双方重新签名。" });
        return sure ? api("DELETE", path(c.contract_id, "/signature-order")) : null;
      }, () => openContract(c.contract_id, "电子合同订单已注销，可以修改合同。"), "注销中…"));
    }
    if (c.state === "all_signed") {
      actions.prepend(action("提交", "btn-primary", box, () => api("POST", path(c.contract_id, "/filing")),
        () => awaitFiling(c.contract_id), "提交中…"));
      actions.firstChild.id = "eh-file";
    }
    if (c.state === "filing_requested") {
      body.append(el("p", { class: "card", role: "status" }, "已提交备案，正在等待备案结果…"));
      awaitFiling(c.contract_id);
    }
    if (c.state === "filed") {
      body.append(el("div", { class: "card filed-note", role: "status" },
        el("strong", {}, "已签约"), `，备案号 ${c.filing_number}。存量房买卖合同网签备案已完成，买卖双方可前往不动产登记部门办理转移登记。`));
      if ((c.escrow || {}).chosen) body.append(eh.escrowCard(c.contract_id));
    }
    if (DELETABLE.includes(c.state)) {
      actions.append(action("删除", "btn-light", box, async () => {
        const sure = await ask({ title: "删除合同", danger: true, confirmLabel: "删除",
          message: "删除后合同不能恢复，房屋可重新签订合同。确定删除吗？" });
        return sure ? api("DELETE", path(c.contract_id)) : null;
      }, () => { notify("合同已删除。", "ok"); $("eh-detail").hidden = true; loadList(); }, "删除中…"));
    }
    if (c.state === "deleted") body.append(el("p", { class: "card" }, window.Portal.MESSAGES.contract_deleted));
    box.parentNode.hidden = actions.childElementCount === 0;
  }

  function rejection(c) {
    const last = (c.rejections || []).slice(-1)[0] || {};
    return el("div", { class: "reasons error", role: "alert" }, "窗口审核退回，请按退回原因修改后重新提交：",
      el("ul", {}, (last.reasons || []).map((r) => el("li", {}, r))));
  }

  /** 提交 answered 202: the filing service files the contract; read it until it is 已签约 (or says why not). */
  async function awaitFiling(contractId) {
    notify("已提交备案，正在等待备案结果…", "ok");
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const fresh = await api("GET", path(contractId));
      if (!["all_signed", "filing_requested"].includes(fresh.state)) return changed(fresh, fresh.state === "filed" ? `合同已签约，备案号 ${fresh.filing_number}。` : null);
      await sleep(1000);
    }
    return openContract(contractId, "备案仍在办理中，请稍后刷新查看。");
  }

  /** The draft; contracts hears of a verification a moment after registry made it, so a draft right after the
   *  verification may be refused with property_not_verified for that moment: ask again a few times. */
  async function draftOnce(verificationId, mode) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await api("POST", "/api/v1/existing-home-contracts", { property_verification_id: verificationId, mode });
      } catch (error) {
        if (error.code !== "property_not_verified" || attempt >= 10) throw error;
        await sleep(300 + attempt * 200);
      }
    }
  }

  /** 签订合同 from a verified property: the draft opens in 待办业务. */
  async function draft(verificationId, mode) {
    const contract = await draftOnce(verificationId, mode);
    document.querySelector('#agent-view [data-tab="agent-contracts"]').click();
    listUntil(contract.contract_id);
    await openContract(contract.contract_id, "合同已创建，请填写买卖双方信息和合同条款。创建次日结束前未完成签名和备案的，系统将自动删除。");
  }

  Object.assign(eh, { draft, openContract });

  staff.register({ "agent-contracts": loadList }, () => {
    eh.stopWatching();
    eh.stopCountdowns();
    $("eh-list").replaceChildren();
    $("eh-detail").hidden = true;
    $("eh-detail").replaceChildren();
  }, () => {
    $("eh-list-refresh").addEventListener("click", loadList);
    $("eh-list-state").addEventListener("change", loadList);
  });
})();
