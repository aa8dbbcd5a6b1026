/* 商品房网签备案业务门户 — the staff portal's shell: sign-in, the role's screen and its tabs.
 * The role pages register their tabs in Portal.staff (developer.js, bureau.js); kit.js is the shared kit. */
"use strict";

(function () {
  const { $, el, api, ApiError, describe, notify, showError, shortId, busy } = window.Portal;

  const session = window.Portal.sessionStore("portal");
  window.Portal.hooks.session = session;
  window.Portal.hooks.unauthorized = () => signOut("登录已失效，请重新登录。");

  const ROLE_LABEL = { developer: "开发企业网签员", bureau_officer: "房管局备案科", auditor: "审计", notary_officer: "公证员" };
  const HOME_TAB = { developer: ["developer-view", "dev-rooms"], bureau_officer: ["bureau-view", "bureau-pending"],
                     notary_officer: ["notary-view", "notary-queue"] };

  const ROOM_STATUS = [
    ["no_info", "未录入"],
    ["pending_review", "待审核"],
    ["available", "可售"],
    ["signing", "正在签约中"],
    ["sold_unfiled", "已售待备案"],
    ["sold_filed", "已售已备案"],
    ["not_for_sale", "不可售"],
  ];
  const CONTRACT_STATE_LABEL = {
    drafted: "草稿",
    preview_printed: "已打印预览",
    modified: "已修改",
    formal_printed: "已正式打印，待确认",
    confirmed: "已签约，待备案",
    filing_rejected: "备案被退回",
    notarizing: "公证签约中",
    filed: "已备案",
    cancelled: "已作废",
  };

  /** What the role pages share: tab loaders, what to forget at sign-out, and a few common helpers. */
  const staff = {
    tabs: {},          // panel id -> loader
    forgetters: [],    // run at sign-out: nothing of one user's pages stays for the next one
    wirings: [],       // run once the page is loaded, before anything is shown
    ROOM_STATUS,
    ROOM_STATUS_LABEL: Object.fromEntries(ROOM_STATUS),
    CONTRACT_STATE_LABEL,
    USAGE_LABEL: { residential: "住宅", commercial: "商业", office: "办公", property_management: "物业用房" },
    CANCEL_REASON_LABEL: { buyer_abandoned: "购房人放弃签约", expired: "超过 24 小时未确认" },
    register(tabs, forget, wire) {
      Object.assign(staff.tabs, tabs);
      if (forget) staff.forgetters.push(forget);
      if (wire) staff.wirings.push(wire);
    },
    /** A role page's home: its badge label, its view and the tab it opens on. */
    home(role, label, viewId, panelId) {
      ROLE_LABEL[role] = label;
      HOME_TAB[role] = [viewId, panelId];
    },
    pdfButtons, openPdf, projectName, decide,
    afterLogin: [],    // run after a password sign-in, before the role's screen; one that throws signs out again
    /** Signed in some other way (統一身份认证): the answer of the sign-in, then the role's screen. */
    enter(answer) {
      session.save(answer);
      showApp();
    },
  };
  window.Portal.staff = staff;

  // ---- Sign-in -----------------------------------------------------------------------------------

  let captchaId = null;

  async function loadCaptcha() {
    $("captcha-image").removeAttribute("src");
    captchaId = null;
    try {
      const challenge = await api("GET", "/api/v1/auth/captcha", undefined, { public: true });
      captchaId = challenge.captcha_id;
      $("captcha-image").src = challenge.image;
    } catch (error) {
      showError("login-error", error);
    }
  }

  async function onLogin(event) {
    event.preventDefault();
    showError("login-error", null);
    const body = {
      username: $("login-username").value.trim(),
      password: $("login-password").value,
      captcha_id: captchaId || "",
      captcha_answer: $("login-captcha").value.trim(),
    };
    const key = $("login-key").value.trim();
    if (key) body.electronic_key = key;
    if (!body.username || !body.password || !body.captcha_answer) {
      showError("login-error", new ApiError(0, "", "请填写用户名、密码和验证码。"));
      return;
    }
    await busy($("login-submit"), async () => {
      try {
        const answer = await api("POST", "/api/v1/auth/login", body, { public: true });
        session.save(answer);
        $("login-password").value = "";
        $("login-captcha").value = "";
        $("login-key").value = "";
        try {
          for (const hook of staff.afterLogin) await hook();
        } catch (error) {
          session.clear();
          throw error;
        }
        showApp();
      } catch (error) {
        showError("login-error", error);
        $("login-captcha").value = "";
        loadCaptcha();
      }
    }, "登录中…");
  }

  function signOut(message) {
    session.clear();
    forgetScreens();
    showLogin();
    if (message) showError("login-error", new ApiError(401, "", message));
  }

  // ---- Screens -----------------------------------------------------------------------------------

  function forgetScreens() {
    projectNames.clear();
    for (const forget of staff.forgetters) forget();
    $("notice").hidden = true;
  }

  function showOnly(viewId) {
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== viewId;
  }

  function showLogin() {
    $("who").hidden = true;
    showOnly("login-view");
    showError("login-error", null);
    loadCaptcha();
    $("login-username").focus();
  }

  function showApp() {
    const user = session.user || {};
    $("who-name").textContent = user.display_name || user.username || "";
    $("who-role").textContent = ROLE_LABEL[user.role] || user.role || "";
    $("who").hidden = false;
    const home = HOME_TAB[user.role];
    if (!home) {
      showOnly("other-view");
      return;
    }
    showOnly(home[0]);
    openTab(home[0], home[1]);
  }

  function openTab(viewId, panelId) {
    window.Portal.selectTab($(viewId).querySelector("[role=tablist]"), panelId);
    const loader = staff.tabs[panelId];
    if (loader) loader();
  }

  // ---- Shared by the role pages ------------------------------------------------------------------

  const projectNames = new Map();

  async function projectName(projectId) {
    if (!projectNames.has(projectId)) {
      projectNames.set(projectId, api("GET", `/api/v1/projects/${encodeURIComponent(projectId)}`)
        .then((p) => p.name || shortId(projectId)).catch(() => shortId(projectId)));
    }
    return projectNames.get(projectId);
  }

  function pdfButtons(contractId, kind = "contracts") {
    return el("span", { class: "nowrap" },
      el("button", { type: "button", class: "btn btn-small",
                     onclick: (e) => openPdf(contractId, false, e.currentTarget, kind) }, "查看"),
      el("button", { type: "button", class: "btn btn-small btn-light",
                     onclick: (e) => openPdf(contractId, true, e.currentTarget, kind) }, "下载"));
  }

  /** The PDF needs the bearer token, so fetch it as a blob and open (or save) an object URL.
   *  `kind` is the collection: contracts (sale contracts) or leases (lease materials). */
  async function openPdf(contractId, download, button, kind = "contracts") {
    await busy(button, async () => {
      try {
        const blob = await api("GET", `/api/v1/${kind}/${encodeURIComponent(contractId)}/pdf`, undefined,
                               { blob: true });
        const url = URL.createObjectURL(blob);
        const opened = download ? null : window.open(url, "_blank");
        if (!opened) {
          const link = el("a", { href: url, download: `${kind === "leases" ? "lease" : "contract"}-${contractId}.pdf` });
          document.body.append(link);
          link.click();
          link.remove();
        }
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
      }
    });
  }

  /** Run a decision, then refresh the queue (a projection) until the decided row has left it. */
  async function decide(button, call, doneText, fetchQueue, isDecided, reload) {
    const row = button.closest("tr");
    const buttons = row ? Array.from(row.querySelectorAll("button")) : [button];
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await call();
      notify(doneText, "ok");
    } catch (error) {
      buttons.forEach((b) => { b.disabled = false; });
      if (error.status !== 401) notify(describe(error), "error");
      return;
    }
    let rows = null;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      try {
        rows = await fetchQueue();
      } catch (error) {
        rows = null;
        break;
      }
      if (!rows.some(isDecided)) break;
      await window.Portal.sleep(400 + attempt * 200);
    }
    await reload(rows || undefined);
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  function init() {
    for (const wire of staff.wirings) wire();
    $("login-form").addEventListener("submit", onLogin);
    $("captcha-refresh").addEventListener("click", () => { $("login-captcha").value = ""; loadCaptcha(); });
    $("logout").addEventListener("click", () => signOut(null));
    $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
    for (const nav of document.querySelectorAll("nav.tabs")) {
      const viewId = nav.closest(".view").id;
      window.Portal.wireTabs(nav, (panelId) => openTab(viewId, panelId));
    }
    if (session.token && !session.expired && session.user) showApp();
    else {
      session.clear();
      showLogin();
    }
  }

  // The role pages load after this script (all deferred) and register before the document is loaded.
  document.addEventListener("DOMContentLoaded", init);
})();
