/* 存量房网签 — the e-signature order of a contract or of its cancellation (R001.13, R001.14, R001.17): each
 * party's row with its signature status and its QR code (查看二维码, drawn by /portal/qr.svg from the party's
 * link), read again every few seconds while the page shows it, until every party has signed. */
"use strict";

(function () {
  const { el, api, busy, describe, sleep } = window.Portal;
  const { path, ROLE_LABEL } = window.Portal.existingHome;
  let watching = 0;

  function qrFor(signer) {
    return el("div", { class: "qr party-qr", id: `qr-${signer.party_id}` },
      el("img", { src: `/portal/qr.svg?text=${encodeURIComponent(signer.link)}`, width: 198, height: 198,
                  alt: `${ROLE_LABEL[signer.role] || ""}${signer.name_masked}的签名二维码，请用手机微信扫描` }),
      el("a", { href: signer.link, class: "qr-link party-link", target: "_blank", rel: "noopener noreferrer" },
         "无法扫码？复制此链接在手机上打开"));
  }

  function signerRows(order) {
    return (order.signers || []).map((s) => {
      const status = el("span", { class: `pill ${s.signed ? "state-filed" : "state-formal_printed"} sign-status` },
                        s.signed ? "已签字" : s.face_passed ? "已人脸识别，待签字" : "待签字");
      const cell = el("div", { class: "qr-cell" });
      const show = el("button", { type: "button", class: "btn btn-small" }, "查看二维码");
      show.addEventListener("click", () => {
        const open = cell.firstChild;
        cell.replaceChildren(open ? "" : qrFor(s));
        show.textContent = open ? "查看二维码" : "收起二维码";
      });
      return el("tr", { dataset: { party: s.party_id } }, el("td", {}, ROLE_LABEL[s.role] || s.role),
        el("td", {}, s.name_masked), el("td", {}, status), el("td", {}, s.signed ? "—" : [show, cell]));
    });
  }

  /**
   * The order in `target`: `purpose` "contract" or "cancellation"; `onChanged()` when the contract's state moved
   * (all signed, or the order was cancelled elsewhere).
   */
  async function showOrder(target, contract, onChanged) {
    const ticket = ++watching;
    const all = (o) => (o.signers || []).length > 0 && o.signers.every((s) => s.signed);
    let order;
    try {
      order = (await api("GET", path(contract.contract_id, "/signature-order"))).order;
    } catch (error) {
      target.replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
      return;
    }
    const status = el("p", { class: "order-status", role: "status" });
    const body = el("tbody", {});
    const draw = (o) => {
      status.textContent = all(o) ? "订单已经完成签字" : "已创建订单，待签字";
      status.className = `order-status ${all(o) ? "done" : ""}`;
      const open = new Set(Array.from(body.querySelectorAll(".party-qr")).map((n) => n.id));
      body.replaceChildren(...signerRows(o));
      for (const id of open) body.querySelector(`#${CSS.escape(id)}`)?.closest("td").querySelector("button")?.click();
    };
    target.replaceChildren(el("h4", {}, "电子合同", el("span", { class: "hint" }, ` 订单生成于 ${window.Portal.formatTime(order.opened_at)}`)),
      status, el("div", { class: "table-scroll" }, el("table", { class: "data signers" },
        el("thead", {}, el("tr", {}, ["当事人", "姓名", "签名状态", "二维码"].map((h) => el("th", { scope: "col" }, h)))), body)),
      el("p", { class: "hint" }, "请买卖双方各自用手机微信扫描本人的二维码：查阅合同，人脸识别通过后确定签署。签名状态自动刷新。"));
    draw(order);
    const state = contract.state;
    while (ticket === watching && target.isConnected && !all(order)) {
      await sleep(3000);
      if (ticket !== watching || !target.isConnected || document.hidden) continue;
      try {
        const fresh = await api("GET", path(contract.contract_id));
        if (fresh.state !== state) return onChanged(fresh);
        order = (await api("GET", path(contract.contract_id, "/signature-order"))).order;
        draw(order);
      } catch (error) {
        if (error.status === 401) return undefined;
      }
    }
    if (ticket === watching && all(order)) {
      const fresh = await api("GET", path(contract.contract_id)).catch(() => null);
      if (fresh && fresh.state !== state) onChanged(fresh);
    }
    return undefined;
  }

  function stopWatching() { watching += 1; }

  /** A button that runs `call` (an API promise) and hands its answer to `done`, showing problems in `box`. */
  function action(label, cls, box, call, done, busyText) {
    const button = el("button", { type: "button", class: `btn ${cls}` }, label);
    button.addEventListener("click", () => busy(button, async () => {
      box.hidden = true;
      try {
        const answer = await call();
        if (answer !== null) await done(answer);
      } catch (error) {
        if (error.status === 401) return;
        box.textContent = describe(error);
        box.hidden = false;
      }
    }, busyText));
    return button;
  }

  Object.assign(window.Portal.existingHome, { showOrder, stopWatching, action });
})();
