/* 存量房买卖合同电子签名 — the party's three steps (R001.14, R001.1): 查阅合同 (the contract, or the cancellation, as
 * a PDF), 人脸识别 (the face provider's page; its signed callback marks the face passed) and 确定签署 (the
 * e-signature provider's page, within 10 minutes of the face; its signed callback records the signature). While a
 * provider's page is open the page reads the status again, and again whenever the phone comes back to it. */
"use strict";

(function () {
  const { el, api, busy, describe, saveBlob } = window.Portal;
  const party = () => window.Portal.party;
  let poller = null;

  function stopPolling() {
    if (poller) clearTimeout(poller);
    poller = null;
  }

  /** Read the status every 2 s while the page is visible, until `done(view)`. */
  function poll(done) {
    stopPolling();
    const tick = async () => {
      poller = null;
      if (!document.hidden) {
        try {
          const fresh = await api("GET", party().base(), undefined, { public: true });
          if (done(fresh)) return party().refresh(fresh);
        } catch (error) { /* the next tick reads again */ }
      }
      poller = setTimeout(tick, 2000);
      return undefined;
    };
    poller = setTimeout(tick, 2000);
  }

  const errorBox = () => el("div", { class: "error", role: "alert", hidden: true });
  const show = (box, error) => { box.textContent = error ? describe(error) : ""; box.hidden = !error; };

  function item(title, done, current, ...body) {
    return el("li", { class: `step-item ${done ? "done" : ""}`, "aria-current": current ? "step" : null },
      el("h2", {}, title, el("span", { class: "mark" }, done ? "已完成" : current ? "请办理" : "未开始")), body);
  }

  function readStep(v, current) {
    const box = errorBox();
    const what = party().cancelling(v) ? "注销申请" : "合同";
    const read = el("button", { type: "button", class: "btn btn-primary", id: "read-contract" }, `查阅${what}（PDF）`);
    read.addEventListener("click", () => busy(read, async () => {
      show(box, null);
      try {
        const blob = await api("GET", `${party().base()}/pdf`, undefined, { blob: true, public: true });
        saveBlob(blob, `${party().cancelling(v) ? "存量房合同注销" : "存量房买卖合同"}-${v.contract_number || ""}.pdf`);
        window.Portal.partyRead = true;
        party().refresh(v);
      } catch (error) {
        show(box, error);
      }
    }, "正在打开…"));
    return item(`1. 查阅${what}`, window.Portal.partyRead || v.face_passed, current,
      el("p", {}, `请先完整查阅待签署的${what}，核对您的姓名、证件号码和房屋信息。`), box, el("div", { class: "actions" }, read));
  }

  /** A step whose button asks the API for a provider's page (`key` of the answer) and offers it as a link. */
  function providerStep(title, intro, button, call, key, linkId, linkText, waitText, done, current, finished, failure) {
    const box = errorBox();
    const start = el("button", { type: "button", class: "btn btn-primary", id: `${linkId}-start` }, button);
    const slot = el("div", {});
    start.addEventListener("click", () => busy(start, async () => {
      show(box, null);
      try {
        const answer = await call();
        slot.replaceChildren(el("a", { href: answer[key], class: "btn btn-primary provider-link", id: linkId, rel: "noreferrer" }, linkText),
          el("p", { class: "loading", role: "status" }, waitText));
        poll(done);
      } catch (error) {
        show(box, error);
        if (error.code === "face_verification_required") party().refresh().catch(() => null);
      }
    }, "请稍候…"));
    return item(title, finished, current, failure ? el("div", { class: "error", role: "alert" }, failure) : null,
      el("p", {}, intro), box, current ? el("div", { class: "actions" }, start) : null, slot);
  }

  function render(target, v) {
    stopPolling();
    const cancelling = party().cancelling(v);
    if (v.signed) {
      target.replaceChildren(el("div", { class: "result" }, el("div", { class: "big", role: "status" }, "您已完成签署"),
        el("p", {}, cancelling ? "您已签名同意注销该合同。买卖双方均签名后，由中介从业人员提交注销备案。"
          : "您已完成电子签名授权。买卖双方均签名后，由中介从业人员提交备案，合同状态显示“已签约”即网签备案完成。")));
      return;
    }
    const read = window.Portal.partyRead || v.face_passed;
    const failed = v.face_outcome && v.face_outcome !== "passed" && !v.face_passed;
    target.replaceChildren(el("ol", { class: "step-list" },
      readStep(v, !read),
      providerStep("2. 人脸识别", "确定签署前须核验您的身份：点击下方按钮，前往人脸识别页面，按提示完成后返回本页。",
        failed ? "重新人脸识别" : "开始人脸识别",
        () => api("POST", `${party().base()}/face`, undefined, { public: true }), "verify_url", "face-link", "前往人脸识别",
        "正在等待人脸识别结果，完成后本页会自动更新…", (fresh) => fresh.face_passed || fresh.face_outcome !== v.face_outcome,
        read && !v.face_passed, !!v.face_passed, failed ? "人脸识别未通过：请确认是合同上的本人，再重新识别。" : null),
      providerStep("3. 确定签署", cancelling ? "人脸识别通过后 10 分钟内，点击“确定签署”签名同意注销合同。"
        : "人脸识别通过后 10 分钟内，点击“确定签署”，在电子签名页面完成签名授权。",
        "确定签署", () => api("POST", `${party().base()}/signature`, undefined, { public: true }), "sign_url", "sign-link", "前往电子签名",
        "正在等待电子签名结果，完成后本页会自动更新…", (fresh) => fresh.signed, !!v.face_passed, false, null)));
  }

  // The phone comes back from a provider's page: read the status at once.
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && poller) party().refresh().catch(() => null);
  });

  window.Portal.partySteps = { render };
})();
