/* 一手房签约公证 — the buyer's pages (guide 002, 4.1 and 4.2), opened from the notary office's QR code: the signed
 * link in the fragment (#case=…&expires=…&signature=…), the contract password, then the case step by step.
 * This file: the link, the sign-in, the case's facts and progress; the steps are in notary-steps.js. */
"use strict";

(function () {
  const { $, el, api, ApiError, describe, explain, showError, busy, dash } = window.Portal;

  const session = window.Portal.sessionStore("notary");
  window.Portal.hooks.session = session;
  window.Portal.hooks.unauthorized = () => signOut("登录已失效，请输入合同密码重新进入。");

  explain({
    wrong_contract_password: "合同密码不正确，请核对后重新输入。连续输错 5 次将锁定 15 分钟；忘记密码请联系开发企业。",
    password_locked: "合同密码已连续输错 5 次，已锁定 15 分钟。请稍后再试，或联系开发企业核对密码。",
    invalid_notary_link: "该二维码不是公证处签发的，请向开发企业索取正确的二维码后重新扫描。",
    notary_link_expired: "该二维码已过期，请联系开发企业查看新的二维码。",
    other_case: "您只能办理本二维码对应的公证申请。",
    invalid_case_state: "公证申请的办理进度已变化，页面已刷新，请按当前步骤继续。",
    verification_not_due: "当前步骤不需要身份核验，页面已刷新，请按当前步骤继续。",
    wrong_verification_method: "您的身份核验方式与页面不符，请刷新页面后按提示办理。",
    documents_unread: "请阅读并勾选确认全部四份文件后再继续。",
    material_not_required: "本申请不需要上传该材料，请刷新页面。",
    not_an_image: "所选文件不是真正的图片，请用相机重新拍摄后上传。",
    image_too_large: "图片超过 500 KB，请重新拍摄或压缩后上传。",
    unsupported_media_type: "格式不正确：照片须为 PNG 或 JPEG 图片，佐证视频须为 MP4 视频。",
    capture_not_live: "电子签名须在本页签名板上现场书写，不能使用相册中的图片。",
    capture_signature_invalid: "电子签名未能通过签名板的校验，请清除后重新书写。",
    signature_too_short: "签名太短，请在签名板上完整书写您的姓名。",
    video_duration: "佐证视频须录制 15 秒左右，请重新录制。",
    video_too_large: "佐证视频文件太大（最大 700 KB），请降低录制画质后重新录制。",
    video_unreadable: "无法读取该视频，请用手机重新录制 MP4 格式的视频。",
    video_missing: "请先录制佐证视频。",
    certificate_not_issued: "公证书尚未出具，请等待公证处审核通过。",
    certificate_hash_mismatch: "合同文本与公证的电子合同不一致，无法出具公证书，请联系开发企业和公证处。",
    provider_unavailable: "人脸识别服务暂时不可用，请稍后再试。",
  });

  const STATE_LABEL = {
    case_opened: "待身份核验", identity_verified: "待阅读文件", documents_read: "待上传资料",
    materials_uploaded: "待提交", submitted: "已提交，等待公证处审核", approved: "公证处已审核通过",
    rejected: "公证处已退回", expired: "已过期",
  };
  const ORDER = ["case_opened", "identity_verified", "documents_read", "materials_uploaded", "submitted"];
  const PROGRESS = [["case_opened", "身份核验"], ["identity_verified", "阅读文件"], ["documents_read", "上传资料"],
                    ["materials_uploaded", "提交申请"], ["submitted", "公证审核"]];

  /** The QR link's parts, from the fragment (kept for this tab, so a reload still knows them). */
  function readLink() {
    const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (fragment.get("case")) {
      const link = { case_id: fragment.get("case"), expires: Number(fragment.get("expires")),
                     signature: fragment.get("signature") || "" };
      sessionStorage.setItem("notary.link", JSON.stringify(link));
      history.replaceState(null, "", location.pathname);
      return link;
    }
    try { return JSON.parse(sessionStorage.getItem("notary.link") || "null"); } catch (e) { return null; }
  }

  const link = readLink();
  const state = { case: null };

  function showOnly(id) {
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== id;
  }

  function signOut(message) {
    session.clear();
    state.case = null;
    $("who").hidden = true;
    showLogin();
    if (message) showError("login-error", new ApiError(401, "", message));
  }

  function showLogin() {
    if (!link || !link.case_id || !Number.isFinite(link.expires)) {
      showOnly("no-link-view");
      return;
    }
    showOnly("login-view");
    $("contract-password").focus();
  }

  async function onLogin(event) {
    event.preventDefault();
    showError("login-error", null);
    const password = $("contract-password").value;
    if (!password) {
      showError("login-error", new ApiError(0, "", "请输入合同密码。"));
      return;
    }
    await busy($("login-submit"), async () => {
      try {
        const answer = await api("POST", "/api/v1/auth/notary-buyers", { ...link, password }, { public: true });
        session.save(answer);
        $("contract-password").value = "";
        await showCase();
      } catch (error) {
        $("contract-password").select();
        if (error.code === "invalid_input") showError("login-error", new ApiError(0, "", "合同密码为 1 至 64 个字符，不能含有不可见的控制字符，请重新输入。"));
        else showError("login-error", error);
      }
    }, "正在进入…");
  }

  async function fetchCase() {
    const caseId = session.user ? session.user.user_id : link.case_id;
    return api("GET", `/api/v1/notary/cases/${encodeURIComponent(caseId)}`);
  }

  async function showCase(known) {
    showOnly("case-view");
    const user = session.user || {};
    $("who-name").textContent = user.display_name ? `买受人 ${user.display_name}` : "买受人";
    $("who").hidden = false;
    const step = $("step");
    if (!known) window.Portal.loading(step, "正在读取公证申请…");
    try {
      state.case = known || await fetchCase();
    } catch (error) {
      if (error.status !== 401) step.replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
      return;
    }
    render();
  }

  function render() {
    const c = state.case;
    const room = c.room || {};
    $("case-title").textContent = c.mainland ? "在线签约公证（中国大陆居民）" : "在线签约公证（非中国大陆居民）";
    $("case-facts").replaceChildren(...[
      ["公证处", c.office_name], ["买受人", c.buyer_name], ["证件号码", c.buyer_id_masked],
      ["出卖人", c.seller_name],
      ["房屋", [room.project_name, room.building_name, room.room_number].filter(Boolean).join(" ")],
      ["办理状态", STATE_LABEL[c.state] || "办理中"],
    ].flatMap(([k, v]) => [el("dt", {}, k), el("dd", { id: k === "办理状态" ? "case-state" : null }, dash(v))]));
    const at = ORDER.indexOf(c.state);
    $("progress").replaceChildren(...PROGRESS.map(([key, label], i) => {
      const cls = at > i || ["approved"].includes(c.state) ? "done" : at === i ? "current" : "";
      return el("li", { class: cls, "aria-current": at === i ? "step" : null }, label);
    }));
    window.Portal.notarySteps.render($("step"), c);
  }

  /** Steps call this with the case an answer returned, or without one to read it again. */
  async function refresh(known) {
    if (known) {
      state.case = known;
      render();
      return known;
    }
    state.case = await fetchCase();
    render();
    return state.case;
  }

  window.Portal.notary = { refresh, current: () => state.case, STATE_LABEL };

  function init() {
    $("login-form").addEventListener("submit", onLogin);
    $("logout").addEventListener("click", () => signOut(null));
    $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
    const sameCase = session.user && link && session.user.user_id === link.case_id;
    if (session.token && !session.expired && sameCase) showCase();
    else {
      session.clear();
      showLogin();
    }
  }

  document.addEventListener("DOMContentLoaded", init);
})();
