/* 存量房网签 — the purchase-fund escrow account of a filed contract (资金监管): bank, account, balance and every
 * movement in yuan (the API's integer fen shown with two decimals), read again with 刷新. */
"use strict";

(function () {
  const { el, api, busy, describe, table, formatTime } = window.Portal;
  const { path, yuan, BANK_LABEL, CHANNEL_LABEL, MOVEMENT_LABEL } = window.Portal.existingHome;
  const ACCOUNT_STATE = { open: "监管中", releasing: "正在划转卖方", refunding: "正在退还买方", closed: "已结清" };

  /** Fill `target`; while the bank is still opening the account (a moment after filing), read it again. */
  async function fill(target, contractId, tries = 10) {
    try {
      const e = await api("GET", path(contractId, "/escrow"));
      const movements = e.movements || [];
      target.replaceChildren(
        el("dl", { class: "facts" }, [
          ["监管银行", BANK_LABEL[e.bank] || e.bank], ["办理方式", CHANNEL_LABEL[e.channel] || e.channel],
          ["监管账户", el("span", { class: "mono" }, e.account_ref || "开户中")],
          ["账户状态", ACCOUNT_STATE[e.state] || e.state],
          ["监管余额", el("strong", { class: "escrow-balance" }, `${yuan(e.balance_fen)} 元`)],
        ].map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
        movements.length
          ? table(["时间", "类别", "金额（元）", "银行流水号"], movements.map((m) => [
            formatTime(m.at), MOVEMENT_LABEL[m.kind] || m.kind, yuan(m.amount_fen), el("span", { class: "mono" }, m.ref)]))
          : el("p", { class: "empty" }, "监管账户还没有资金往来。"));
    } catch (error) {
      if (error.status === 401) return;
      const opening = error.status === 404 && error.code !== "no_escrow";
      if (opening && tries > 0 && target.isConnected) {
        setTimeout(() => { if (target.isConnected) fill(target, contractId, tries - 1); }, 2000);
      }
      target.replaceChildren(el("p", { class: error.status === 404 ? "hint" : "error" },
        error.code === "no_escrow" ? window.Portal.MESSAGES.no_escrow
          : opening ? "监管账户正在银行开立，请稍后点击“刷新”查看。" : describe(error)));
    }
  }

  /** The escrow card of a contract: filled at once, 刷新 reads it again. */
  function escrowCard(contractId) {
    const body = el("div", { class: "escrow-body" }, el("p", { class: "loading", role: "status" }, "加载中…"));
    const refresh = el("button", { type: "button", class: "btn btn-small btn-light", id: "escrow-refresh" }, "刷新");
    refresh.addEventListener("click", () => busy(refresh, () => fill(body, contractId)));
    fill(body, contractId);
    return el("section", { class: "card escrow-card", "aria-label": "资金监管账户" },
      el("h3", {}, "资金监管账户 ", refresh), body);
  }

  window.Portal.existingHome.escrowCard = escrowCard;
})();
