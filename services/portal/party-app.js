/* 存量房买卖合同电子签名 — a seller's or buyer's phone page (guide 001, 2.2 (七), 4.2 (四); R001.14), opened from
 * their own QR code: the signed link's token (#t=…) is the only credential. This file: the token, what the
 * party may see (the contract's summary, their own row, their status) and the progress; the steps (read,
 * face verification, sign) are in party-steps.js. The same page signs a cancellation (R001.17). */
"use strict";

(function () {
  const { $, el, api, describe, dash } = window.Portal;
  const { yuan, ROLE_LABEL } = window.Portal.existingHome;
  const KEY = "party.token";

  /** The token from the QR link's fragment, kept for this tab (the face and e-signature providers send the
   *  phone back here without it); the fragment is then dropped from the address bar. */
  function readToken() {
    const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
    const token = fragment.get("t");
    if (token) {
      sessionStorage.setItem(KEY, token);
      history.replaceState(null, "", location.pathname);
      return token;
    }
    return sessionStorage.getItem(KEY);
  }

  const token = readToken();
  const state = { view: null };
  const base = () => `/api/v1/party-signing/${encodeURIComponent(token)}`;

  function showOnly(id) {
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== id;
  }

  function noLink(error) {
    showOnly("no-link-view");
    if (error) $("no-link-text").textContent = describe(error);
  }

  const cancelling = (v) => v.purpose === "cancellation";

  function render() {
    const v = state.view;
    const me = v.party || {};
    const title = cancelling(v) ? "存量房买卖合同注销" : "存量房买卖合同签署";
    $("brand-title").textContent = `${title}（电子签名）`;
    $("signing-title").textContent = title;
    $("signing-facts").replaceChildren(...[
      ["合同编号", v.contract_number], ["房屋坐落", (v.property || {}).address],
      ["不动产权证号", (v.property || {}).certificate_number],
      ["成交价格", Number.isInteger(v.price_fen) ? `${yuan(v.price_fen)} 元` : null],
      ["交付日期", v.handover_date],
      ["您的身份", `${ROLE_LABEL[me.role] || ""} ${me.name || ""}（${me.id_number_masked || ""}）`],
      ["请在此前完成", v.sign_by ? window.Portal.formatTime(v.sign_by) : null],
    ].flatMap(([k, value]) => [el("dt", {}, k), el("dd", { class: k === "请在此前完成" ? "sign-by" : null }, dash(value))]));
    const at = v.signed ? 3 : v.face_passed ? 2 : window.Portal.partyRead ? 1 : 0;
    $("progress").replaceChildren(...["查阅合同", "人脸识别", "确定签署"].map((label, i) =>
      el("li", { class: at > i ? "done" : at === i ? "current" : "", "aria-current": at === i ? "step" : null }, label)));
    window.Portal.partySteps.render($("step"), v);
  }

  /** Read what the party may see again (or take `known`), and draw the page. */
  async function refresh(known) {
    state.view = known || await api("GET", base(), undefined, { public: true });
    render();
    return state.view;
  }

  window.Portal.party = { refresh, base, current: () => state.view, cancelling };

  async function init() {
    $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
    if (!token) return noLink(null);
    showOnly("signing-view");
    window.Portal.loading($("step"), "正在读取合同…");
    try {
      await refresh();
    } catch (error) {
      noLink(error);
    }
    return undefined;
  }

  document.addEventListener("DOMContentLoaded", init);
  // Another party's link opened in this tab changes only the fragment: start again as that party.
  window.addEventListener("hashchange", () => {
    if (new URLSearchParams(location.hash.replace(/^#/, "")).get("t")) location.reload();
  });
})();
