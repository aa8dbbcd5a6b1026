/* 商品房买卖合同查验 — the public check page. Anyone holding a formal print opens it from the QR code on the
 * cover (check.html?code=…) or types the verification code; nobody signs in. Uses the portal kit (kit.js). */
"use strict";

(function () {
  const { $, el, api, ApiError, describe, busy, loading } = window.Portal;

  const CODE_SYMBOLS = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{16}$/;

  const STATE = {
    formal_printed: ["已正式打印，待确认", "合同已正式打印，买卖双方尚未在系统中确认签约；打印后 24 小时内未确认将自动失效。"],
    confirmed: ["已签约，待备案", "买卖双方已确认签约，合同正在等待房产管理部门备案。"],
    filing_rejected: ["备案被退回", "房产管理部门未予备案，开发企业修改后将重新提交。"],
    filed: ["已备案", "该合同已在房产管理部门备案，备案号见下。"],
    cancelled: ["已作废", "该合同已作废，不再有效。请勿凭此合同办理贷款、付款等任何业务。"],
  };

  window.Portal.explain({
    contract_check_not_found: "没有找到使用该验证码的合同。请核对合同封面上的 16 位验证码后重新输入；" +
      "如仍查不到，请向房产管理部门核实该合同。",
    too_many_checks: "查验次数过多，请稍后再试。",
  });

  /** The code as stored: what a person typed, without spaces or hyphens, in capitals (full-width too). */
  function normalised(typed) {
    return String(typed || "").normalize("NFKC").replace(/[\s-]+/g, "").toUpperCase();
  }

  function grouped(code) {
    return code.replace(/(.{4})(?=.)/g, "$1-");
  }

  function place(room) {
    return [room.project_name, room.building_name, room.room_number ? `${room.room_number}号房` : ""]
      .filter(Boolean).join(" ");
  }

  function fact(label, value, id) {
    return [el("dt", {}, label), el("dd", { id }, value === null || value === undefined || value === "" ? "—" : value)];
  }

  function showContract(contract) {
    const [label, explanation] = STATE[contract.state] || ["状态未知", "请向房产管理部门核实该合同。"];
    $("check-status").replaceChildren(
      el("span", { class: `pill state-${contract.state}`, id: "check-state" }, label),
      el("span", { class: "check-explain" }, explanation));
    $("check-facts").replaceChildren(...[
      fact("合同编号", contract.contract_number, "check-number"),
      fact("合同备案号", contract.filing_number || (contract.state === "cancelled" ? "—" : "尚未备案"), "check-filing"),
      fact("出卖人", contract.seller_name, "check-seller"),
      fact("买受人", contract.buyer_name, "check-buyer"),
      fact("房屋坐落", place(contract.room || {}), "check-room"),
      fact("建筑面积", contract.room && contract.room.area_sqm ? `${contract.room.area_sqm} 平方米` : "", "check-area"),
      fact("打印时间", window.Portal.formatTime(contract.printed_at), "check-printed"),
    ].flat());
    $("check-result").hidden = false;
    $("check-form-title").textContent = "查验另一份合同";
  }

  function showError(error) {
    const box = $("check-error");
    let text = describe(error);
    if (error instanceof ApiError && error.status === 429 && error.retryAfter > 0) {
      text = `查验次数过多，请 ${error.retryAfter} 秒后再试。`;
    }
    box.textContent = text;
    box.hidden = false;
  }

  async function check(typed) {
    $("check-error").hidden = true;
    const code = normalised(typed);
    if (!code) {
      showError(new ApiError(400, "", "请输入合同封面上的 16 位验证码。"));
      $("check-code").focus();
      return;
    }
    if (!CODE_SYMBOLS.test(code)) {
      $("check-result").hidden = true;
      showError(new ApiError(404, "contract_check_not_found", ""));
      $("check-code").focus();
      return;
    }
    $("check-result").hidden = false;
    $("check-status").replaceChildren();
    loading($("check-facts"), "正在查验…");
    try {
      showContract(await api("GET", `/api/v1/contract-checks/${encodeURIComponent(code)}`, undefined,
                             { public: true }));
      $("check-code").value = grouped(code);
    } catch (error) {
      $("check-result").hidden = true;
      showError(error);
    }
  }

  function start() {
    const form = $("check-form");
    const button = $("check-submit");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(button, () => check($("check-code").value), "正在查验…");
    });
    const fromLink = new URLSearchParams(window.location.search).get("code");
    if (fromLink) {
      $("check-code").value = fromLink;
      busy(button, () => check(fromLink), "正在查验…");
    } else {
      $("check-code").focus();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
