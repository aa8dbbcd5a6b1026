/* 存量房网签 — what the existing-home pages share (guide 001, sections 2–5): the contract's states in the guide's
 * words, money in yuan on the page and integer fen on the wire, shares in hundredths, the contract's facts, the
 * R001.11 deletion countdown by the server's clock, and the Chinese sentences of the contract's error codes. */
"use strict";

(function () {
  const { el, api, explain, ApiError } = window.Portal;

  explain({
    property_not_verified: "该房源尚未验证通过，请先在“房源验证”中按产权证书查询房源，再签订合同。",
    property_in_live_contract: "该房屋已有正在办理的存量房合同，不能重复签订；请在“待办业务”中查找该合同。",
    duplicate_person: "同一人只能填写一次：每一格只能填写一个人的信息，同一证件号码不能在合同中出现两次。",
    shares_must_total_100: "按份共有时，各共有人的份额合计必须正好是 100%，请核对后重新填写。",
    co_ownership_required: "买方（或卖方）有多人时，须选择共有性质：共同共有或按份共有。",
    seller_not_owner: "卖方必须是该房屋登记的产权人，请按产权证书填写卖方的姓名和证件号码。",
    minor_needs_window: "买卖双方中有未成年人，不能线上签约，请改用“线下窗口签约”，由父母双方到交易中心窗口办理。",
    signature_order_open: "电子合同订单已生成，修改合同前须先“注销电子合同订单”。",
    key_facts_locked: "合同已备案，买卖双方姓名、证件号码、房屋信息等重要信息不能修改；须先注销备案，再重新签订合同。",
    not_all_signed: "买卖双方尚未全部完成电子签名，请等签名状态显示“订单已经完成签字”后再提交。",
    transfer_accepted: "不动产登记部门已受理该房屋的转移登记，合同不能再注销。",
    contract_deleted: "该合同已被删除（创建次日结束前未完成签名和备案，或已由经办人删除），请重新签订合同。",
    wrong_state: "合同的办理状态已变化，请刷新后按当前状态继续办理。",
    not_your_agency: "该合同属于其他中介机构，您无权查看或办理。",
    agency_cannot_draft: "中介机构账号只能管理从业人员和查看本机构的合同，不能签订合同；请使用从业人员账号办理。",
    incomplete: "合同信息还没有填写完整，请按提示补充后再提交。",
    minor_needs_both_parents: "未成年人一方须父母双方到场，请登记父亲和母亲的姓名和证件号码。",
    kinship_proof_required: "未成年人一方须上传能证明亲子关系的户口本或出生证明图片。",
    poa_required: "委托他人办理的，须提供经公证的委托书原件，且委托书上须注明本合同的委托事项。",
    filed_at_window: "该合同在交易中心窗口办理备案，须由买卖双方到窗口办理注销（存量房合同注销线下）。",
    invalid_share: "份额须为大于 0、不超过 100 的数，最多两位小数，如 50 或 33.33。",
    party_required: "卖方和买方都至少要填写一人。",
    no_escrow: "买卖双方已自愿放弃资金监管，本合同没有监管账户。",
    face_verification_required: "请先完成人脸识别（通过后 10 分钟内有效），再确定签署。",
    signature_order_closed: "该二维码对应的电子合同订单已注销或已更换，请向经办的中介从业人员索取新的二维码。",
    signing_deadline_passed: "已超过签署期限，不能再签署。请联系经办的中介从业人员。",
    unknown_party: "该二维码不属于本合同的当事人，请扫描您本人的二维码。",
    already_signed: "您已完成签署，无需重复签署。",
    invalid_signing_link: "该二维码不是本系统签发的，请向经办的中介从业人员索取正确的二维码。",
    signing_link_expired: "该二维码已过期，请联系经办的中介从业人员重新生成电子合同订单。",
  });

  const STATE_LABEL = {
    drafted: "草稿，待提交", submitted: "已提交，待生成电子合同订单", signature_order_open: "已创建订单，待签字",
    all_signed: "订单已经完成签字", filing_requested: "已提交，待备案", filed: "已签约", window_review: "窗口签约，待审核", window_rejected: "窗口审核退回",
    corrected: "已修改，待重新提交", deleted: "已删除", cancellation_open: "注销中，待双方签字",
    window_cancellation_review: "窗口注销，待审核", cancelled: "已注销",
  };
  const STATE_CLASS = {
    drafted: "state-drafted", submitted: "state-formal_printed", signature_order_open: "state-formal_printed",
    all_signed: "state-confirmed", filing_requested: "state-confirmed", filed: "state-filed", window_review: "state-confirmed",
    window_rejected: "state-filing_rejected", corrected: "state-modified", deleted: "state-cancelled",
    cancellation_open: "state-formal_printed", window_cancellation_review: "state-confirmed", cancelled: "state-cancelled",
  };
  const ROLE_LABEL = { seller: "卖方", buyer: "买方" };
  const BANK_LABEL = { ccb: "中国建设银行", rcb: "中山农村商业银行" };
  const CHANNEL_LABEL = { online: "线上办理（龙存管）", branch: "到支行办理" };
  const PAYMENT_LABEL = { full: "一次性付款", mortgage: "按揭贷款付款", installments: "分期付款" };
  const MOVEMENT_LABEL = { deposit: "买方存入", release: "划转卖方", refund: "退还买方" };

  const problem = (text) => new ApiError(0, "", text);
  const path = (id, tail = "") => `/api/v1/existing-home-contracts/${encodeURIComponent(id)}${tail}`;

  /** "1234567.8" (yuan, at most 2 decimals) -> 123456780 (integer fen), or null when it is not an amount. */
  function fenOf(text) {
    const match = /^([0-9]{1,12})(?:\.([0-9]{1,2}))?$/.exec(String(text).replace(/[,，\s]/g, ""));
    if (!match) return null;
    return Number(match[1]) * 100 + Number((match[2] || "").padEnd(2, "0"));
  }

  /** 123456780 -> "1,234,567.80" (integer arithmetic, no floats in between). */
  function yuan(fen) {
    if (!Number.isInteger(fen)) return "—";
    const sign = fen < 0 ? "-" : "";
    const abs = Math.abs(fen);
    const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return `${sign}${whole}.${String(abs % 100).padStart(2, "0")}`;
  }

  /** A share as the API takes it ("50", "33.33") in hundredths of a percent, or null. */
  function hundredthsOf(share) {
    const match = /^([0-9]{1,3})(?:\.([0-9]{1,2}))?$/.exec(String(share).trim());
    return match ? Number(match[1]) * 100 + Number((match[2] || "").padEnd(2, "0")) : null;
  }

  const personLine = (p) => `${p.name || p.name_masked || "—"}${p.share ? `（${p.share}%）` : ""}`;
  const people = (rows) => (rows || []).map(personLine).join("、") || "—";
  const CO_LABEL = { joint: "共同共有", shares: "按份共有" };

  /** The contract's facts for any reader. */
  function contractFacts(c) {
    const terms = c.terms || {};
    const property = c.property || {};
    const pairs = [
      ["合同编号", el("span", { class: "mono" }, c.contract_number || "—")],
      ["状态", el("span", { class: `pill ${STATE_CLASS[c.state] || ""}`, "data-state": c.state }, STATE_LABEL[c.state] || c.state)],
      ["房屋坐落", property.address || c.property_address || c.property_id || "—"],
      ["卖方", `${people(c.sellers)}${c.seller_co_ownership ? `（${CO_LABEL[c.seller_co_ownership]}）` : ""}`],
      ["买方", `${people(c.buyers)}${c.buyer_co_ownership ? `（${CO_LABEL[c.buyer_co_ownership]}）` : ""}`],
      ["成交价格", Number.isInteger(terms.price_fen) ? `${yuan(terms.price_fen)} 元` : "—"],
      ["签约方式", c.mode === "window" ? "线下窗口签约" : "线上电子签名"],
    ];
    if (c.filing_number) pairs.push(["备案号", el("span", { class: "mono filing-number" }, c.filing_number)]);
    return el("dl", { class: "facts" }, pairs.map(([label, value]) => [el("dt", {}, label), el("dd", {}, value)]));
  }

  // ---- R001.11: the deletion deadline, counted down by the server's clock -------------------------------

  let clockOffset = null;
  async function serverNow() {
    if (clockOffset === null) {
      try {
        const { now } = await api("GET", "/portal/clock", undefined, { public: true });
        clockOffset = new Date(now).getTime() - Date.now();
      } catch (error) {
        clockOffset = 0;
      }
    }
    return Date.now() + clockOffset;
  }

  const timers = new Set();
  function stopCountdowns() {
    for (const timer of timers) clearInterval(timer);
    timers.clear();
    clockOffset = null;
  }

  /** "将于 … 自动删除（剩余 X 小时 Y 分）", ticking each minute while the node is in the page. */
  function countdown(deleteAt) {
    const node = el("span", { class: "countdown", role: "timer" });
    if (!deleteAt) return node;
    const at = new Date(deleteAt).getTime();
    const when = window.Portal.formatTime(deleteAt);
    const tick = async () => {
      const left = at - await serverNow();
      if (left <= 0) {
        node.textContent = `已于 ${when} 到期，系统将自动删除`;
        return;
      }
      const minutes = Math.floor(left / 60000);
      node.textContent = `未完成签名和备案的，将于 ${when} 自动删除（剩余 ${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分）`;
    };
    tick();
    const timer = setInterval(() => { if (!node.isConnected) { clearInterval(timer); timers.delete(timer); } else tick(); }, 30000);
    timers.add(timer);
    return node;
  }

  window.Portal.existingHome = {
    STATE_LABEL, STATE_CLASS, ROLE_LABEL, BANK_LABEL, CHANNEL_LABEL, PAYMENT_LABEL, MOVEMENT_LABEL, CO_LABEL,
    problem, path, fenOf, yuan, hundredthsOf, contractFacts, countdown, stopCountdowns, serverNow,
  };
})();
