/* 商品房网签备案业务门户 — the bureau officer's pages: filing review, the filing register, lease review. */
"use strict";

(function () {
  const { $, el, api, describe, notify, showError, shortId, dash, formatTime, ask, table } = window.Portal;
  const staff = window.Portal.staff;
  const { pdfButtons, projectName, decide } = staff;

  // ---- Bureau officer: filing review and register ------------------------------------------------

  /** Buyer and room number of each contract (the bureau sees every formal contract). */
  async function contractsById() {
    try {
      const answer = await api("GET", "/api/v1/contracts");
      return new Map((answer.contracts || []).map((c) => [c.contract_id, c]));
    } catch (error) {
      if (error.status === 401) throw error;
      return new Map();
    }
  }

  async function fetchFilings(state) {
    const answer = await api("GET", `/api/v1/filings?state=${encodeURIComponent(state)}`);
    return answer.filings || [];
  }

  async function loadFilings(state, preloaded) {
    const errorId = `${state}-error`;
    const target = $(`${state}-table`);
    showError(errorId, null);
    if (!preloaded) target.replaceChildren(el("p", { class: "loading" }, "加载中…"));
    try {
      const [filings, contracts] = await Promise.all([preloaded || fetchFilings(state), contractsById()]);
      const names = new Map(await Promise.all(
        [...new Set(filings.map((f) => f.project_id))].map(async (id) => [id, await projectName(id)])));
      if (filings.length === 0) {
        target.replaceChildren(el("p", { class: "empty" },
          state === "pending" ? "没有待审核的备案申请 (the review queue is empty)。" : "登记簿中还没有已备案的合同。"));
        return;
      }
      const contractCells = (f) => {
        const c = contracts.get(f.contract_id) || {};
        return [
          el("span", { class: "mono", title: f.contract_id }, shortId(f.contract_id)),
          dash(c.buyer_name),
          dash(c.room_number),
          el("span", { title: f.project_id }, names.get(f.project_id) || shortId(f.project_id)),
        ];
      };
      if (state === "pending") {
        target.replaceChildren(table(
          ["提交时间", "合同", "购房人", "房号", "项目", "提交次数", "合同文本", "操作"],
          filings.map((f) => [
            formatTime(f.submitted_at),
            ...contractCells(f),
            f.submission > 1 ? `第 ${f.submission} 次（重新提交）` : "第 1 次",
            pdfButtons(f.contract_id),
            el("span", { class: "nowrap" },
              el("button", { type: "button", class: "btn btn-small btn-approve",
                             onclick: (e) => approveFiling(f, e.currentTarget) }, "通过"),
              el("button", { type: "button", class: "btn btn-small btn-reject",
                             onclick: (e) => rejectFiling(f, e.currentTarget) }, "退回")),
          ])));
      } else {
        target.replaceChildren(table(
          ["备案号", "合同", "购房人", "房号", "项目", "提交时间", "合同文本"],
          filings.map((f) => [
            el("strong", { class: "mono" }, dash(f.filing_number)),
            ...contractCells(f),
            formatTime(f.submitted_at),
            pdfButtons(f.contract_id),
          ])));
      }
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError(errorId, error);
    }
  }

  /** Reasons typed by the officer (one per line, or separated by ；), or null when cancelled. */
  async function askReasons(title, message) {
    const answer = await ask({
      title, message, danger: true, confirmLabel: "退回",
      fields: [{ name: "reasons", label: "退回原因", type: "textarea", required: true,
                 hint: "每行一条原因，或用分号“；”隔开。" }],
    });
    if (answer === null) return null;
    const reasons = answer.reasons.split(/[;；\n]+/).map((r) => r.trim()).filter(Boolean);
    return reasons.length ? reasons : null;
  }

  function decideFiling(filing, button, call, doneText) {
    return decide(button, call, doneText, () => fetchFilings("pending"),
                  (f) => f.filing_id === filing.filing_id, (rows) => loadFilings("pending", rows));
  }

  async function approveFiling(filing, button) {
    if (!await ask({ title: "通过备案", message: `确认通过合同 ${shortId(filing.contract_id)} 的备案？通过后将生成备案号。`,
                     confirmLabel: "通过" })) return;
    return decideFiling(filing, button,
      () => api("POST", `/api/v1/filings/${encodeURIComponent(filing.filing_id)}/approve`),
      "已通过备案 (filed)。");
  }

  async function rejectFiling(filing, button) {
    const reasons = await askReasons("退回备案申请", "退回后开发企业可修改合同并重新提交。");
    if (reasons === null) return;
    return decideFiling(filing, button,
      () => api("POST", `/api/v1/filings/${encodeURIComponent(filing.filing_id)}/reject`, { reasons }),
      "已退回，开发企业可修改后重新提交 (rejected)。");
  }

  // ---- Bureau officer: public-housing lease review (R004.15) --------------------------------------

  async function fetchLeases(state) {
    const answer = await api("GET", `/api/v1/leases?state=${encodeURIComponent(state)}`);
    return answer.leases || [];
  }

  /** Each load of the lease table takes a ticket: only the latest one may draw (the filter can change
   *  while an older answer is still on its way). */
  let leaseLoads = 0;

  async function loadLeases(preloaded) {
    const ticket = ++leaseLoads;
    const state = $("lease-state").value;
    const target = $("leases-table");
    showError("leases-error", null);
    if (!preloaded) target.replaceChildren(el("p", { class: "loading" }, "加载中…"));
    try {
      const leases = preloaded || await fetchLeases(state);
      if (ticket !== leaseLoads) return;
      if (leases.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "没有该状态的签约申请 (nothing in this state)。"));
        return;
      }
      const actions = (lease) => {
        if (lease.state === "submitted") {
          return el("span", { class: "nowrap" },
            el("button", { type: "button", class: "btn btn-small btn-approve",
                           onclick: (e) => approveLease(lease, e.currentTarget) }, "通过"),
            el("button", { type: "button", class: "btn btn-small btn-reject",
                           onclick: (e) => rejectLease(lease, e.currentTarget) }, "退回"));
        }
        return lease.state === "approved" ? pdfButtons(lease.lease_id, "leases") : "—";
      };
      target.replaceChildren(table(
        ["提交时间", "签约", "申请编号", "房屋", "月租金 (元)", "签约期限", "操作"],
        leases.map((l) => [
          formatTime(l.submitted_at),
          el("span", { class: "mono", title: l.lease_id }, shortId(l.lease_id)),
          dash(l.family_id),
          dash(l.room_label),
          dash(l.monthly_rent),
          formatTime(l.sign_by),
          actions(l),
        ])));
    } catch (error) {
      if (ticket !== leaseLoads) return;
      target.replaceChildren();
      if (error.status !== 401) showError("leases-error", error);
    }
  }

  /** The rows polled for `state` are shown only while the filter is still on it; otherwise load afresh. */
  function decideLease(lease, button, call, doneText) {
    const state = $("lease-state").value;
    return decide(button, call, doneText, () => fetchLeases(state),
                  (l) => l.lease_id === lease.lease_id,
                  (rows) => loadLeases($("lease-state").value === state ? rows : undefined));
  }

  async function approveLease(lease, button) {
    if (!await ask({ title: "通过签约申请", message: `确认通过 ${lease.family_id} 的租赁合同（${lease.room_label}）？通过后将短信通知申请人。`,
                     confirmLabel: "通过" })) return;
    return decideLease(lease, button,
      () => api("POST", `/api/v1/leases/${encodeURIComponent(lease.lease_id)}/approve`),
      "已通过，已通知申请人 (approved)。");
  }

  async function rejectLease(lease, button) {
    const reasons = await askReasons("退回签约申请", "退回后押金原路退还，房源释放。");
    if (reasons === null) return;
    return decideLease(lease, button,
      () => api("POST", `/api/v1/leases/${encodeURIComponent(lease.lease_id)}/reject`, { reasons }),
      "已退回：押金将退还，房源已释放 (rejected)。");
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  function forget() {
    for (const id of ["pending-table", "filed-table", "leases-table"]) $(id).replaceChildren();
    $("lease-state").value = "submitted";
    for (const id of ["pending-error", "filed-error", "leases-error"]) showError(id, null);
  }

  staff.register({
    "bureau-pending": () => loadFilings("pending"),
    "bureau-filed": () => loadFilings("filed"),
    "bureau-leases": () => loadLeases(),
  }, forget, () => {
    $("pending-refresh").addEventListener("click", () => loadFilings("pending"));
    $("filed-refresh").addEventListener("click", () => loadFilings("filed"));
    $("leases-refresh").addEventListener("click", () => loadLeases());
    $("lease-state").addEventListener("change", () => loadLeases());
  });
})();
