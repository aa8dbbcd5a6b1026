/* 商品房网签备案业务门户 — the bureau officer's pages: what they share (Portal.bureau) and the public-housing
 * lease review (R004.15). Enterprises, projects, room review and filings are in bureau-*.js. */
"use strict";

(function () {
  const { $, el, api, describe, notify, showError, shortId, dash, formatTime, ask, table, explain, busy, ApiError } = window.Portal;
  const staff = window.Portal.staff;
  const { pdfButtons, decide } = staff;

  explain({
    reasons_required: "请填写退回原因。",
    room_not_pending_review: "该房屋已审核过，请刷新列表。",
    lease_not_submitted: "该签约申请已处理过，请刷新列表。",
    filing_not_pending: "该备案申请已处理过，请刷新列表。",
  });

  // ---- Shared by the bureau's pages ----------------------------------------------------------------

  const REASONS_MAX = 500;

  /** Reasons typed by the officer (one per line, or separated by ；), or null when cancelled. Each reason
   *  is checked here as the server would (length, control characters) and explained in Chinese. */
  async function askReasons(title, message) {
    let value = "";
    let problem = null;
    for (;;) {
      const answer = await ask({
        title, message: problem ? [message, problem] : message, danger: true, confirmLabel: "退回",
        fields: [{ name: "reasons", label: "退回原因", type: "textarea", required: true, value,
                   hint: `每行一条原因，或用分号“；”隔开；每条不超过 ${REASONS_MAX} 字。` }],
      });
      if (answer === null) return null;
      value = answer.reasons;
      const reasons = value.split(/[;；\n]+/).map((r) => r.trim()).filter(Boolean);
      problem = reasonsProblem(reasons);
      if (!problem) return reasons;
    }
  }

  function reasonsProblem(reasons) {
    if (reasons.length === 0) return "请填写退回原因。";
    if (reasons.length > 20) return "退回原因最多 20 条，请合并后再提交。";
    if (reasons.some((r) => r.length > REASONS_MAX)) return `每条退回原因不超过 ${REASONS_MAX} 字，请删减后再提交。`;
    if (reasons.some((r) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(r))) {
      return "退回原因中含有无法识别的字符，请删除后重新输入。";
    }
    return null;
  }

  /** The contract's bureau-style number when the answer has one, else its short id. */
  function contractLabel(contractId, ...answers) {
    const numbered = answers.find((a) => a && a.contract_number);
    return el("span", { class: "mono", title: contractId },
              numbered ? numbered.contract_number : shortId(contractId));
  }

  /** A definition list of [label, value] pairs (values may be nodes). */
  function facts(pairs) {
    return el("dl", { class: "facts" }, pairs.map(([label, value]) => [el("dt", {}, label), el("dd", {}, value)]));
  }

  function copyButton(text, label) {
    return el("button", {
      type: "button", class: "btn btn-small btn-light",
      onclick: async (event) => {
        const button = event.currentTarget;
        try {
          await navigator.clipboard.writeText(text);
          notify(`${label}已复制。`, "ok");
        } catch (error) {
          const field = button.parentElement.querySelector("input");
          if (field) field.select();
          notify("无法自动复制，请选中后按 Ctrl+C 复制。", "error");
        }
      },
    }, "复制");
  }

  /** Today's date in Shanghai as YYYY-MM-DD (what a date field holds). */
  function today() {
    return new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
  }

  /** Control characters, which no field of the bureau's forms may hold. */
  const CONTROL = /[\u0000-\u001f\u007f]/;

  /** The page's own sentence as an error the kit can show. */
  const problem = (text) => new ApiError(0, "", text);

  window.Portal.bureau = { askReasons, reasonsProblem, contractLabel, facts, copyButton, today, CONTROL, problem };

  // ---- Public-housing lease review (R004.15) -------------------------------------------------------

  const LEASE_STATE_LABEL = {
    opened: "签约中", signed: "已签字待缴押金", submitted: "待审核", approved: "已通过", rejected: "已退回",
    lapsed: "逾期未签",
  };
  const ORIENTATION_LABEL = { N: "朝北", S: "朝南", E: "朝东", W: "朝西", NE: "东北", NW: "西北", SE: "东南",
                              SW: "西南", NS: "南北", EW: "东西" };

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
    $("lease-detail").hidden = true;
    if (!preloaded) target.replaceChildren(el("p", { class: "loading", role: "status" }, "加载中…"));
    try {
      const leases = preloaded || await fetchLeases(state);
      if (ticket !== leaseLoads) return;
      if (leases.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "没有该状态的签约申请。"));
        return;
      }
      const actions = (lease) => {
        const details = el("button", { type: "button", class: "btn btn-small btn-light",
                                       onclick: (e) => showLease(lease, e.currentTarget) }, "详情");
        if (lease.state === "submitted") {
          return el("span", { class: "nowrap" }, details,
            el("button", { type: "button", class: "btn btn-small btn-approve",
                           onclick: (e) => approveLease(lease, e.currentTarget) }, "通过"),
            el("button", { type: "button", class: "btn btn-small btn-reject",
                           onclick: (e) => rejectLease(lease, e.currentTarget) }, "退回"));
        }
        return el("span", { class: "nowrap" }, details, lease.state === "approved" ? pdfButtons(lease.lease_id, "leases") : null);
      };
      target.replaceChildren(table(
        ["提交时间", "签约", "申请编号", "房屋", "月租金（元）", "签约期限", "操作"],
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

  function roomText(room) {
    if (!room) return "—";
    return [room.building, room.room_number, room.layout, room.area_sqm ? `${room.area_sqm} 平方米` : "",
            ORIENTATION_LABEL[room.orientation] || ""].filter(Boolean).join(" · ");
  }

  /** Each signing step of R004.11–R004.15 with what the family has done. */
  function progress(lease) {
    const step = (label, done, note) => el("li", { class: done ? "step done" : "step" },
      el("span", { class: "step-mark", "aria-hidden": "true" }, done ? "✓" : "·"),
      el("span", {}, label), el("span", { class: "note" }, done ? note || "已完成" : "未完成"));
    return el("ol", { class: "steps", "aria-label": "签约进度" },
      step("确认手机号", Boolean(lease.phone_masked), lease.phone_masked),
      step("租金托收（银行卡）", Boolean(lease.mandate), lease.mandate && `银行卡 ${lease.mandate.card_masked}`),
      step("人脸识别", Boolean(lease.tenant), lease.tenant && `${lease.tenant.name}（${lease.tenant.id_masked}）`),
      step("电子签名", Boolean(lease.signature), lease.signature && `签署于 ${formatTime(lease.signature.signed_at)}`),
      step("缴纳押金", Boolean(lease.deposit_paid),
           lease.deposit_paid && `已缴 ${lease.deposit} 元，${formatTime(lease.deposit_paid.paid_at)}`));
  }

  function leaseFacts(lease) {
    return facts([
      ["承租人", lease.tenant ? lease.tenant.name : "尚未完成人脸识别"],
      ["证件号码", lease.tenant ? lease.tenant.id_masked : "—"],
      ["房屋", roomText(lease.room)],
      ["选房批次", dash(lease.round_name)],
      ["月租金", `${dash(lease.monthly_rent)} 元`],
      ["押金", `${dash(lease.deposit)} 元`],
      ["状态", LEASE_STATE_LABEL[lease.state] || "—"],
      ["签约期限", formatTime(lease.sign_by)],
    ]);
  }

  async function showLease(row, button) {
    const box = $("lease-detail");
    await busy(button, async () => {
      try {
        const lease = await api("GET", `/api/v1/leases/${encodeURIComponent(row.lease_id)}`);
        const documents = [];
        if (lease.signature) documents.push(el("li", {}, "电子签名的租赁合同（摘要 ",
          el("span", { class: "mono" }, lease.signature.document_sha256.slice(0, 16)), "…）"));
        if (lease.mandate) documents.push(el("li", {}, `租金托收授权（银行卡 ${lease.mandate.card_masked}）`));
        if (lease.deposit_paid) documents.push(el("li", {}, `押金缴款凭证（${lease.deposit_paid.payment_ref}）`));
        box.replaceChildren(...[
          el("h3", {}, `签约申请 ${shortId(lease.lease_id)}`),
          leaseFacts(lease),
          el("h3", {}, "签约进度"), progress(lease),
          el("h3", {}, "签约材料"),
          documents.length ? el("ul", { class: "documents" }, documents) : el("p", { class: "empty" }, "尚无材料。"),
          lease.state === "approved" ? pdfButtons(lease.lease_id, "leases") : null,
          lease.review && lease.review.reasons && lease.review.reasons.length
            ? el("p", { class: "note" }, `退回原因：${lease.review.reasons.join("；")}`) : null,
        ].filter(Boolean));
        box.hidden = false;
        box.scrollIntoView({ block: "nearest" });
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
      }
    });
  }

  /** The rows polled for `state` are shown only while the filter is still on it; otherwise load afresh. */
  function decideLease(lease, button, call, doneText) {
    const state = $("lease-state").value;
    return decide(button, call, doneText, () => fetchLeases(state),
                  (l) => l.lease_id === lease.lease_id,
                  (rows) => loadLeases($("lease-state").value === state ? rows : undefined));
  }

  async function approveLease(row, button) {
    let lease = null;
    await busy(button, async () => {
      try {
        lease = await api("GET", `/api/v1/leases/${encodeURIComponent(row.lease_id)}`);
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
      }
    });
    if (!lease) return;
    const who = lease.tenant ? lease.tenant.name : "申请人";
    if (!await ask({
      title: "通过签约申请",
      message: [`承租人：${who}`, `房屋：${roomText(lease.room)}`, `押金：${dash(lease.deposit)} 元（已缴）`,
                "确认通过该租赁合同？通过后将短信通知申请人。"],
      confirmLabel: "通过",
    })) return;
    return decideLease(row, button,
      () => api("POST", `/api/v1/leases/${encodeURIComponent(row.lease_id)}/approve`),
      `已通过，已短信通知${who}。`);
  }

  async function rejectLease(lease, button) {
    const reasons = await askReasons("退回签约申请", "退回后押金原路退还，房源释放。");
    if (reasons === null) return;
    return decideLease(lease, button,
      () => api("POST", `/api/v1/leases/${encodeURIComponent(lease.lease_id)}/reject`, { reasons }),
      "已退回：押金将退还，房源已释放。");
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  function forget() {
    $("leases-table").replaceChildren();
    $("lease-detail").replaceChildren();
    $("lease-detail").hidden = true;
    $("lease-state").value = "submitted";
    showError("leases-error", null);
  }

  staff.register({
    "bureau-leases": () => loadLeases(),
  }, forget, () => {
    $("leases-refresh").addEventListener("click", () => loadLeases());
    $("lease-state").addEventListener("change", () => loadLeases());
  });
})();
