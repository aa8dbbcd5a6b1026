/* 网上签约 — the family's lease signing after selection (R004.11–R004.15): the leased room and the phone,
 * the rent auto-debit with card photos (required first), then face verification, e-signature and deposit,
 * each by a QR code the family scans with its phone; the review status and the documents to download. */
"use strict";

(function () {
  const { $, el, describe, notify, formatTime, ApiError, uuid, busy, sleep } = window.Portal;
  const F = window.Family;

  window.Portal.explain({
    invalid_phone: "手机号码应为11位数字、以1开头，请核对后重新填写。",
    phone_required: "请先确认手机号码，再办理下一步。",
    mandate_required: "请先完成租金托收银行信息的办理，再进行人脸识别。",
    face_verification_required: "请先完成主申请人的人脸识别，再签订合同。",
    already_verified: "人脸识别已经通过，请进行下一步。",
    lease_already_signed: "合同已签订，手机号码不能再修改。",
    signing_deadline_passed: "签约期限已过，本次签约已失效。如有疑问，请联系住房保障部门。",
    lease_state: "签约状态已变化，请刷新页面后查看。",
    lease_not_found: "尚未生成您的租赁合同，请稍后刷新。",
    lease_not_open: "签约已结束，请刷新页面后查看。",
    lease_lapsed: "签约期限已过，本次签约已失效。",
    lease_rejected: "签约申请未通过审核，请查看退回原因。",
    lease_not_approved: "签约申请通过审核后才能下载合同材料。",
    not_the_main_applicant: "人脸识别须由登录的主申请人本人完成。",
    mandate_cancelled: "租金托收已取消，请重新办理。",
    provider_unavailable: "银行或认证服务暂时不可用，请稍后再试。",
  });

  const STATES = { opened: "签约中", signed: "已签订合同，待缴押金", submitted: "已提交，等待审核",
                   approved: "审核通过", rejected: "审核未通过", lapsed: "已过签约期限" };
  const STEPS = [["confirm_phone", "完善承租信息"], ["bank_mandate", "租金托收"], ["face_verification", "人脸识别"],
                 ["sign", "签订合同"], ["pay_deposit", "押金缴纳"], ["await_review", "等待审核"], ["download", "材料下载"]];

  let lease = null;
  let watching = 0;

  async function fetchLease() {
    try {
      return await F.patiently("GET", `/api/v1/lottery/rounds/${F.state.roundId}/lease`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  const FIRST_PAUSE = 3000;
  const LONGEST_PAUSE = 30000;
  const WATCH_FOR = 15 * 60 * 1000;

  function whenVisible() {
    if (!document.hidden) return Promise.resolve();
    return new Promise((resolve) => {
      const seen = () => {
        if (document.hidden) return;
        document.removeEventListener("visibilitychange", seen);
        resolve();
      };
      document.addEventListener("visibilitychange", seen);
    });
  }

  /** After a step another party completes (bank, phone), read the lease again until it moves: every 3 s at
   *  first, then less and less often (at most every 30 s), not at all while the tab is hidden (at once when
   *  it shows again), for a quarter of an hour. The lease's steps are not on the selection broadcast. */
  async function watch(changed) {
    const ticket = ++watching;
    const until = Date.now() + WATCH_FOR;
    const current = () => ticket === watching && F.state.current === "fam-lease";
    let pause = FIRST_PAUSE;
    while (current() && Date.now() < until) {
      await sleep(pause);
      if (document.hidden) {
        await whenVisible();
        pause = FIRST_PAUSE;
      } else {
        pause = Math.min(pause * 1.5, LONGEST_PAUSE);
      }
      if (!current()) return;
      const fresh = await fetchLease().catch(() => null);
      if (fresh && changed(fresh)) {
        lease = fresh;
        draw();
        return;
      }
    }
  }

  const qr = (url) => el("div", { class: "qr" },
    el("img", { src: `/portal/qr.svg?text=${encodeURIComponent(url)}`, alt: "请用手机微信扫描此二维码", width: 198, height: 198 }),
    el("a", { href: url, class: "qr-link", target: "_blank", rel: "noopener noreferrer" }, "无法扫码？在手机上打开此链接"));

  function facts(pairs) {
    return el("dl", { class: "facts" }, pairs.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v === undefined || v === null || v === "" ? "—" : String(v))]));
  }

  function stepIndex(name) { return STEPS.findIndex(([step]) => step === name); }

  function progress() {
    const current = lease.next_step ? stepIndex(lease.next_step) : STEPS.length;
    return el("ol", { class: "step-bar", "aria-label": "签约步骤" }, STEPS.map(([, text], index) =>
      el("li", { class: index < current ? "done" : index === current ? "current" : "", "aria-current": index === current ? "step" : null }, text)));
  }

  function roomInfo() {
    const room = lease.room || {};
    return el("section", { class: "lease-step" },
      el("h3", {}, "承租住房信息"),
      facts([["批次", lease.round_name], ["住房", `${room.building || ""} ${room.room_number || ""}室`],
             ["户型", room.layout], ["面积", room.area_sqm ? `${room.area_sqm}平方米` : ""],
             ["月租金", lease.monthly_rent ? `${lease.monthly_rent}元` : ""], ["押金", lease.deposit ? `${lease.deposit}元` : ""],
             ["租期", lease.terms ? `${lease.terms.term_months}个月` : ""], ["签约截止时间", formatTime(lease.sign_by)],
             ["签约状态", STATES[lease.state] || lease.state]]));
  }

  function phoneStep() {
    const input = el("input", { id: "lease-phone", name: "phone", type: "tel", inputmode: "numeric", maxlength: 11,
                                autocomplete: "tel", placeholder: "11位手机号码" });
    const problem = el("div", { class: "error", role: "alert", hidden: true });
    const form = el("form", { class: "lease-form", novalidate: true },
      el("label", { for: "lease-phone" }, lease.phone_masked ? `修改手机号（当前：${lease.phone_masked}）` : "手机号码"),
      input, problem,
      el("button", { type: "submit", class: "btn btn-primary" }, lease.phone_masked ? "修改手机号" : "保存手机号"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const phone = input.value.trim();
      if (!/^1[3-9][0-9]{9}$/.test(phone)) {
        problem.textContent = "手机号码应为11位数字、以1开头，请核对后重新填写。";
        problem.hidden = false;
        input.focus();
        return;
      }
      problem.hidden = true;
      try {
        lease = await F.command("PUT", `/api/v1/leases/${lease.lease_id}/phone`, { phone }, form.querySelector("button"), "保存中…");
        notify("手机号码已保存。");
        draw();
      } catch (error) {
        problem.textContent = describe(error);
        problem.hidden = false;
      }
    });
    return el("section", { class: "lease-step" }, el("h3", {}, "手机号码"),
      el("p", { class: "hint-line" }, "审核结果将以短信通知此号码。"), form);
  }

  async function uploadMandate(form) {
    const body = new FormData(form);
    const key = uuid();
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`/api/v1/leases/${lease.lease_id}/mandate`, {
        method: "POST", body, cache: "no-store", credentials: "same-origin",
        headers: { Authorization: `Bearer ${window.Portal.hooks.session.token}`, "Idempotency-Key": key, Accept: "application/json" },
      }).catch(() => null);
      if (response && response.ok) return response.json();
      let error = new ApiError(0, "network_error", "network error");
      if (response) {
        let answer = null;
        try { answer = await response.json(); } catch (e) { /* not JSON */ }
        const e = (answer && answer.error) || {};
        error = new ApiError(response.status, e.code || `http_${response.status}`, e.message || "", e.details);
        error.retryAfter = Number(response.headers.get("Retry-After") || 0);
      }
      if (!(error.status === 0 || error.status === 429 || error.status === 503) || attempt >= 5) throw error;
      await sleep(Math.min(Math.max(error.retryAfter || attempt, 1), 10) * 1000);
    }
  }

  function mandateStep(pending) {
    if (lease.mandate) {
      return el("section", { class: "lease-step done" }, el("h3", {}, "租金托收"),
        el("p", {}, `已办理租金托收，扣款银行卡：${lease.mandate.card_masked}。`));
    }
    if (pending) {
      return el("section", { class: "lease-step" }, el("h3", {}, "租金托收"),
        el("p", { class: "loading", role: "status" }, "银行正在办理租金托收，请稍候，本页会自动更新。"));
    }
    const field = (id, name, text, attrs) => [el("label", { for: id }, text), el("input", { id, name, ...attrs })];
    const problem = el("div", { class: "error", role: "alert", hidden: true });
    const form = el("form", { class: "lease-form", novalidate: true },
      field("account-holder", "account_holder", "账户名（主申请人姓名）", { type: "text", maxlength: 60, required: true, autocomplete: "name" }),
      field("card-number", "card_number", "银行卡号（深圳任意银行储蓄卡）", { type: "text", inputmode: "numeric", maxlength: 19, required: true, autocomplete: "off" }),
      field("card-front", "card_front", "银行卡正面照片", { type: "file", accept: "image/png,image/jpeg", required: true }),
      field("card-back", "card_back", "银行卡反面照片", { type: "file", accept: "image/png,image/jpeg", required: true }),
      problem,
      el("button", { type: "submit", class: "btn btn-primary" }, "提交托收信息"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const holder = form.elements.account_holder.value.trim();
      const card = form.elements.card_number.value.replace(/\s+/g, "");
      const photos = [form.elements.card_front.files[0], form.elements.card_back.files[0]];
      const say = (text) => { problem.textContent = text; problem.hidden = false; };
      if (!holder) return say("请填写账户名。");
      if (!/^[0-9]{16,19}$/.test(card)) return say("银行卡号应为16至19位数字，请核对后重新填写。");
      if (photos.some((p) => !p)) return say("请上传银行卡正面和反面的清晰照片。");
      if (photos.some((p) => !/^image\/(png|jpeg)$/.test(p.type))) return say("照片须为 JPG 或 PNG 格式。");
      if (photos.some((p) => p.size > 2 * 1024 * 1024)) return say("每张照片不能超过2MB，请压缩后重新上传。");
      form.elements.card_number.value = card;
      problem.hidden = true;
      try {
        await busy(form.querySelector("button[type=submit]"), () => uploadMandate(form), "提交中…");
        notify("托收信息已提交，银行正在办理。");
        drawWith(true);
        watch((fresh) => Boolean(fresh.mandate) || Boolean(fresh.mandate_refusal));
      } catch (error) {
        say(describe(error));
      }
    });
    return el("section", { class: "lease-step" }, el("h3", {}, "租金托收银行信息"),
      el("p", { class: "hint-line" }, "请提前准备好主申请人银行卡正反面清晰照片。必须完成银行托收办理后才可进行下一步。"),
      lease.mandate_refusal ? el("div", { class: "error", role: "alert" }, "银行未能办理托收，请核对银行卡信息后重新提交。") : null,
      form);
  }

  function scanStep(title, intro, session, startLabel, start, doneText) {
    const begin = el("button", { type: "button", class: "btn btn-primary", onclick: async (e) => {
      try {
        lease = await F.command("POST", `/api/v1/leases/${lease.lease_id}/${start}`, undefined, e.currentTarget, "请稍候…");
        draw();
      } catch (error) {
        notify(describe(error), "error");
      }
    } }, startLabel);
    const failed = session && session.outcome && session.outcome !== "passed" && session.outcome !== "signed";
    return el("section", { class: "lease-step" }, el("h3", {}, title), el("p", {}, intro),
      failed ? el("div", { class: "error", role: "alert" }, doneText.failed) : null,
      session && !session.outcome ? [qr(session.qr_url), el("p", { class: "loading", role: "status" }, doneText.waiting)]
                                  : el("div", { class: "actions" }, begin));
  }

  async function download(button) {
    await busy(button, async () => {
      try {
        const blob = await window.Portal.api("GET", `/api/v1/leases/${lease.lease_id}/pdf`, undefined, { blob: true });
        const link = el("a", { href: URL.createObjectURL(blob), download: `公共租赁住房租赁合同-${lease.lease_id.slice(0, 8)}.pdf` });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      } catch (error) {
        notify(describe(error), "error");
      }
    }, "下载中…");
  }

  function nextStep(pending) {
    switch (lease.next_step) {
      case "confirm_phone": return phoneStep();
      case "bank_mandate": return mandateStep(pending);
      case "face_verification":
        if (lease.face_verification && !lease.face_verification.outcome) watch((f) => Boolean(f.tenant) || Boolean((f.face_verification || {}).outcome));
        return scanStep("人脸识别", "请主申请人本人使用手机微信扫描下方二维码，进行人脸识别身份认证。", lease.face_verification,
          "开始人脸识别", "face-verification", { waiting: "等待手机上完成人脸识别，完成后本页会自动更新。",
                                                failed: "人脸识别未通过，请由主申请人本人重新进行人脸识别。" });
      case "sign":
        if (lease.signing && !lease.signing.outcome) watch((f) => f.state !== "opened" || Boolean((f.signing || {}).outcome));
        return scanStep("签订合同", `人脸识别已通过（${(lease.tenant || {}).name || ""}）。请使用手机微信扫描签字二维码，在手机上阅读合同并完成签字。`,
          lease.signing, "开始签订合同", "signature", { waiting: "等待手机上完成签字，完成后本页会自动更新。",
                                                      failed: "合同未签字，请重新扫码签订。" });
      case "pay_deposit": {
        const order = lease.deposit_order;
        watch((f) => f.state !== "signed" || (!order && Boolean(f.deposit_order)));
        return el("section", { class: "lease-step" }, el("h3", {}, "押金缴纳"),
          order ? [el("p", {}, `请使用手机微信扫描下方二维码，缴纳押金${order.amount}元。缴纳成功后签约申请即提交审核。`), qr(order.pay_url),
                   el("p", { class: "loading", role: "status" }, "等待手机上完成缴费，完成后本页会自动更新。")]
                : el("p", { class: "loading", role: "status" }, "正在生成押金缴费单，请稍候。"));
      }
      case "await_review":
        watch((f) => f.state !== "submitted");
        return el("section", { class: "lease-step" }, el("h3", {}, "等待审核"),
          el("p", {}, "签约申请已提交成功，押金已缴纳。工作人员审核后将以短信通知您，审核结果也可在本页查看。"));
      case "download":
        return el("section", { class: "lease-step done" }, el("h3", {}, "审核通过"),
          el("p", {}, `您的签约申请已审核通过。租期：${formatTime((lease.review || {}).term_start)} 至 ${formatTime((lease.review || {}).term_end)}。`),
          el("button", { type: "button", class: "btn btn-primary", onclick: (e) => download(e.currentTarget) }, "下载合同材料"));
      default: {
        const reasons = ((lease.review || {}).reasons || []).join("；");
        return el("section", { class: "lease-step" }, el("h3", {}, STATES[lease.state] || "签约已结束"),
          el("p", {}, lease.state === "rejected" ? `退回原因：${reasons || "—"}。押金将原路退回。`
                                                  : "签约期限已过，本次签约已失效；已缴押金将原路退回。"));
      }
    }
  }

  let mandatePending = false;

  function drawWith(pending) {
    mandatePending = pending;
    draw();
  }

  let drawn = "";

  /** Draw the lease; drawing the same lease again keeps the page (and what the family has typed) as it is. */
  function draw() {
    if (!lease) return;
    const shown = JSON.stringify([lease, mandatePending]);
    if (shown === drawn && $("lease-body").querySelector(".lease-grid")) return;
    drawn = shown;
    const showPhone = lease.next_step !== "confirm_phone" && lease.state === "opened" && !lease.signature;
    $("lease-body").replaceChildren(
      el("h2", {}, "网上签约"),
      progress(),
      el("div", { class: "lease-grid" },
        el("div", {}, roomInfo(), showPhone ? phoneStep() : null),
        el("div", {}, nextStep(mandatePending && !lease.mandate && !lease.mandate_refusal))));
  }

  async function loadLease() {
    const body = $("lease-body");
    window.Portal.loading(body, "正在读取签约信息…");
    watching += 1;
    lease = await fetchLease();
    if (!lease) {
      body.replaceChildren(el("h2", {}, "网上签约"),
        el("p", { class: "empty" }, "您还没有可签约的住房。选房成功后，稍等片刻即可在这里办理网上签约。"),
        el("button", { type: "button", class: "btn btn-light", onclick: () => F.open("fam-lease") }, "刷新"));
      return;
    }
    if (lease.next_step === "bank_mandate" && !lease.mandate_refusal) {
      const mandate = await F.patiently("GET", `/api/v1/leases/${lease.lease_id}/mandate`).catch(() => null);
      mandatePending = Boolean(mandate && mandate.state && !["active", "refused", "cancelled"].includes(mandate.state));
      if (mandatePending) watch((fresh) => Boolean(fresh.mandate) || Boolean(fresh.mandate_refusal));
    }
    draw();
  }

  F.register("fam-lease", loadLease);
})();
