/* 存量房网签 — 存量房合同注销线上 (guide 001, 4.2; R001.17): search a filed contract by its number, choose it, give
 * the reason, submit; then the cancellation's e-signature order (the parties' QR codes, their status), and 提交
 * once both parties signed: the filing is cancelled (已注销). Only contracts filed online whose transfer the
 * registry has not accepted can be cancelled here. */
"use strict";

(function () {
  const { $, el, api, ask, notify, showError, busy, describe } = window.Portal;
  const staff = window.Portal.staff;
  const eh = window.Portal.existingHome;
  const { path, action, problem } = eh;

  async function search(event) {
    event.preventDefault();
    showError("cancel-search-error", null);
    $("cancel-detail").hidden = true;
    eh.stopWatching();
    const number = $("cancel-number").value.trim().toUpperCase();
    if (!/^CL[0-9]{10}$/.test(number)) {
      return showError("cancel-search-error", problem("请输入完整的存量房合同编号，如 CL2026000123（CL 加 10 位数字）。"));
    }
    await busy($("cancel-search-submit"), async () => {
      try {
        const found = [];
        for (const state of ["filed", "cancellation_open"]) {
          const answer = await api("GET", `/api/v1/existing-home-contracts?state=${state}`);
          found.push(...(answer.contracts || []).filter((c) => c.contract_number === number));
        }
        showFound(found, number);
      } catch (error) {
        if (error.status !== 401) showError("cancel-search-error", error);
      }
    }, "搜索中…");
    return undefined;
  }

  function showFound(found, number) {
    const target = $("cancel-results");
    if (!found.length) {
      target.replaceChildren(el("p", { class: "empty" }, `没有找到可注销的合同 ${number}：只能注销本人经办、已备案且不动产未受理过户的合同。`));
      return;
    }
    const c = found[0];
    const radio = el("input", { type: "radio", name: "cancel-pick", id: "cancel-pick", value: c.contract_id });
    const ok = el("button", { type: "button", class: "btn btn-primary", id: "cancel-pick-ok" }, "确定");
    ok.addEventListener("click", () => {
      if (!radio.checked) return showError("cancel-search-error", problem("请先点击左侧圆圈选中要注销的合同。"));
      showError("cancel-search-error", null);
      return openCancellation(c.contract_id);
    });
    target.replaceChildren(el("div", { class: "table-scroll" }, el("table", { class: "data" },
      el("thead", {}, el("tr", {}, ["选择", "合同编号", "房屋坐落", "备案号", "状态"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, el("tr", {}, el("td", {}, el("label", { for: "cancel-pick", class: "visually-hidden" }, `选中合同 ${c.contract_number}`), radio),
        el("td", { class: "mono" }, c.contract_number), el("td", {}, c.address || c.property_id),
        el("td", { class: "mono" }, c.filing_number || "—"), el("td", {}, eh.STATE_LABEL[c.state]))))),
      el("div", { class: "actions" }, ok));
    return undefined;
  }

  async function openCancellation(contractId, note) {
    eh.stopWatching();
    const detail = $("cancel-detail");
    detail.hidden = false;
    window.Portal.loading(detail);
    try {
      render(await api("GET", path(contractId)));
      if (note) notify(note, "ok");
    } catch (error) {
      detail.replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
    }
  }

  function render(c) {
    const detail = $("cancel-detail");
    const box = el("div", { class: "error", role: "alert", hidden: true });
    const head = el("div", { class: "card" }, el("h3", {}, `注销存量房合同 ${c.contract_number}`), eh.contractFacts(c));
    detail.replaceChildren(head);
    if (c.state === "filed") {
      const reason = el("textarea", { id: "cancel-reason", rows: 3, maxlength: 500 });
      const submit = action("提交", "btn-primary", box, async () => {
        const text = reason.value.trim();
        if (!text) throw problem("请填写存量房合同注销原因。");
        if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw problem("注销原因中含有不可见的控制字符，请删除后重新输入。");
        const sure = await ask({ title: "提交注销申请", confirmLabel: "确定",
          message: "提交后将生成注销的电子合同订单，须买卖双方扫码签名同意注销。未经买卖双方一致同意擅自注销备案属违规行为。" });
        return sure ? api("POST", path(c.contract_id, "/cancellation"), { reason: text }) : null;
      }, () => openCancellation(c.contract_id, "提交完成，请买卖双方扫描二维码签名同意注销。"), "提交中…");
      detail.append(el("div", { class: "card" }, el("label", { for: "cancel-reason" }, "注销原因 ", el("span", { class: "hint" }, "必填，最多 500 字")),
        reason, box, el("div", { class: "actions" }, submit)));
      return;
    }
    if (c.state === "cancellation_open") {
      const order = el("section", { class: "card eh-order", "aria-label": "注销电子合同" });
      detail.append(order);
      eh.showOrder(order, c, render);
      const file = action("提交", "btn-primary", box, () => api("POST", path(c.contract_id, "/cancellation/filing")),
        () => awaitCancelled(c.contract_id), "提交中…");
      file.id = "cancel-file";
      detail.append(el("div", { class: "card" }, el("p", { class: "hint" }, "买卖双方均完成签名、签名状态显示“订单已经完成签字”后，点击“提交”注销备案。"),
        box, el("div", { class: "actions" }, file)));
      return;
    }
    detail.append(el("p", { class: "card", role: "status" }, c.state === "cancelled"
      ? `合同已注销，原备案号 ${c.filing_number || "—"} 作废，不再使用。` : `合同当前状态为“${eh.STATE_LABEL[c.state] || c.state}”，不能在线注销。`));
  }

  async function awaitCancelled(contractId) {
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const fresh = await api("GET", path(contractId));
      if (fresh.state !== "cancellation_open") {
        render(fresh);
        if (fresh.state === "cancelled") notify("合同已注销。", "ok");
        return;
      }
      await window.Portal.sleep(1000);
    }
    await openCancellation(contractId, "注销仍在办理中，请稍后刷新查看。");
  }

  staff.register({ "agent-cancel": () => $("cancel-number").focus() }, () => {
    $("cancel-search-form").reset();
    $("cancel-results").replaceChildren();
    $("cancel-detail").hidden = true;
    $("cancel-detail").replaceChildren();
  }, () => {
    $("cancel-search-form").addEventListener("submit", search);
  });
})();
