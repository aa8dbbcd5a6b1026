/* 存量房网签 — the agency account's view of all its agency's existing-home contracts (R001.3): read only, with
 * each contract's facts, its PDF and, once filed with escrow, the escrow account. */
"use strict";

(function () {
  const { $, el, api, showError, describe, table, formatTime } = window.Portal;
  const staff = window.Portal.staff;
  const eh = window.Portal.existingHome;

  async function load() {
    const target = $("agency-contracts-table");
    showError("agency-contracts-error", null);
    $("agency-contract-detail").hidden = true;
    window.Portal.loading(target);
    try {
      const state = $("agency-contracts-state").value;
      const rows = (await api("GET", `/api/v1/existing-home-contracts${state ? `?state=${encodeURIComponent(state)}` : ""}`)).contracts || [];
      if (!rows.length) {
        target.replaceChildren(el("p", { class: "empty" }, "本机构还没有该状态的存量房合同。"));
        return;
      }
      target.replaceChildren(table(["合同编号", "房屋坐落", "签约方式", "状态", "备案号", "创建时间", "操作"], rows.map((c) => [
        el("span", { class: "mono" }, c.contract_number || "—"), c.address || c.property_id,
        c.mode === "window" ? "线下窗口" : "线上",
        el("span", { class: `pill ${eh.STATE_CLASS[c.state] || ""}` }, eh.STATE_LABEL[c.state] || c.state),
        el("span", { class: "mono" }, c.filing_number || "—"), formatTime(c.drafted_at),
        el("button", { type: "button", class: "btn btn-small", onclick: () => show(c.contract_id) }, "查看"),
      ])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("agency-contracts-error", error);
    }
  }

  async function show(contractId) {
    const detail = $("agency-contract-detail");
    detail.hidden = false;
    window.Portal.loading(detail);
    try {
      const c = await api("GET", eh.path(contractId));
      detail.replaceChildren(el("h3", {}, `存量房买卖合同 ${c.contract_number || ""}`), eh.contractFacts(c),
        el("p", { class: "hint" }, "中介机构账号只能查看本机构的合同，不能签订或修改合同。"),
        c.state === "filed" && (c.escrow || {}).chosen ? eh.escrowCard(c.contract_id) : null);
    } catch (error) {
      detail.replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
    }
  }

  staff.register({ "agency-contracts": load }, () => {
    $("agency-contracts-table").replaceChildren();
    $("agency-contract-detail").hidden = true;
    $("agency-contract-detail").replaceChildren();
  }, () => {
    $("agency-contracts-refresh").addEventListener("click", load);
    $("agency-contracts-state").addEventListener("change", load);
  });
})();
