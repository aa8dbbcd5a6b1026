/* 公共租赁住房网上选房签约 — the families' shell: sign-in through the unified identity platform, the
 * server's clock, commands that survive a selection window's burst, the one broadcast stream, and tabs.
 * The selection pages (family-select.js) and the lease pages (family-lease.js) register their loaders
 * with Family.register(panelId, loader). */
"use strict";

(function () {
  const { $, el, api, ApiError, describe, sleep, uuid, notify, wireTabs, selectTab } = window.Portal;
  const session = window.Portal.sessionStore("family");
  window.Portal.hooks.session = session;
  window.Portal.hooks.unauthorized = () => signOut("登录已失效，请重新通过统一身份认证平台登录。");

  window.Portal.explain({
    assertion_expired: "统一身份认证已超时，请点击“前往广东省统一身份认证平台登录”重新登录。",
    invalid_assertion: "统一身份认证信息无效，请点击“前往广东省统一身份认证平台登录”重新登录。",
    not_real_name_verified: "您尚未在广东省统一身份认证平台完成实名认证，请完成实名认证后再登录。",
    invalid_identity_document: "统一身份认证平台提供的证件信息有误，请联系该平台核实。",
    not_eligible: "您的家庭不在本批次的选房名单中。如有疑问，请联系住房保障部门。",
    not_in_round: "您的家庭不在本批次的选房名单中。如有疑问，请联系住房保障部门。",
    not_drawn: "本批次尚未完成摇号排序，请留意通知后再登录。",
    choose_round: "请选择本次要办理的选房批次。",
    idempotency_key_required: "页面版本过旧，请刷新页面后重试。",
  });

  const loaders = {};
  const state = { roundId: null, me: null, round: null, clockOffset: 0, nav: null, current: null };

  // ---- The server's clock ------------------------------------------------------------------------

  /** The server's time now, as a Date: the phone's clock corrected by the offset measured at sign-in. */
  function now() { return new Date(Date.now() + state.clockOffset); }

  async function syncClock() {
    const sent = Date.now();
    const answer = await api("GET", "/portal/clock", undefined, { public: true });
    const received = Date.now();
    state.clockOffset = new Date(answer.now).getTime() - (sent + received) / 2;
  }

  const toDate = (text) => (text ? new Date(String(text).replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")) : null);

  function countdown(ms) {
    if (ms <= 0) return "0秒";
    const total = Math.floor(ms / 1000);
    const days = Math.floor(total / 86400);
    const hours = Math.floor((total % 86400) / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = total % 60;
    return [days ? `${days}天` : "", days || hours ? `${hours}小时` : "", days || hours || minutes ? `${minutes}分` : "",
            `${seconds}秒`].join("");
  }

  // ---- Commands that survive the burst -----------------------------------------------------------

  let queue = Promise.resolve();
  const MAX_ATTEMPTS = 6;

  function waiting(text) {
    const box = $("waiting");
    box.textContent = text || "";
    box.hidden = !text;
  }

  /** Call the API, waiting and retrying (same Idempotency-Key) while it answers 429/503 with Retry-After
   *  or cannot be reached; the family is told it is waiting, never shown a raw error. */
  async function patiently(method, path, body, options) {
    const opts = { ...(options || {}) };
    if (method !== "GET") opts.idempotencyKey = opts.idempotencyKey || uuid();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const answer = await api(method, path, body, opts);
        waiting(null);
        return answer;
      } catch (error) {
        const retryable = error instanceof ApiError && (error.status === 429 || error.status === 503 ||
                                                        error.status === 0 || error.code === "upstream_timeout");
        if (!retryable || attempt >= MAX_ATTEMPTS) {
          waiting(null);
          throw error;
        }
        const seconds = Math.min(Math.max(error.retryAfter || attempt, 1), 10);
        waiting(`系统繁忙，正在排队办理，${seconds}秒后自动重试（第${attempt}次），请勿关闭页面或重复点击。`);
        await sleep(seconds * 1000 + Math.random() * 500);
      }
    }
  }

  /** A command: one at a time per family (the server refuses a second in flight), one key across its
   *  retries, its button disabled until it is answered. */
  function command(method, path, body, button, busyText) {
    const run = () => window.Portal.busy(button, () => patiently(method, path, body), busyText);
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  // ---- The broadcast: one stream per family ------------------------------------------------------

  const listeners = { room_taken: [], window_closed: [], resync: [] };
  let source = null;
  let sourceSession = null;

  function on(type, listener) { listeners[type].push(listener); }

  function emit(type, message) {
    for (const listener of listeners[type]) {
      try { listener(message); } catch (e) { notify(describe(e), "error"); }
    }
  }

  function openStream(sessionId) {
    if (!sessionId || (source && sourceSession === sessionId)) return;
    closeStream();
    sourceSession = sessionId;
    const url = `/api/v1/lottery/sessions/${encodeURIComponent(sessionId)}/stream?access_token=${encodeURIComponent(session.token)}`;
    source = new EventSource(url);
    let lost = false;
    source.addEventListener("subscribed", () => {
      if (lost) emit("resync", {});
      lost = false;
    });
    source.addEventListener("room_taken", (event) => emit("room_taken", JSON.parse(event.data)));
    source.addEventListener("window_closed", (event) => emit("window_closed", JSON.parse(event.data)));
    source.addEventListener("error", () => { lost = true; });
  }

  function closeStream() {
    if (source) source.close();
    source = null;
    sourceSession = null;
  }

  // ---- The family's selection, shared by the pages -----------------------------------------------

  async function refreshMe() {
    state.me = await patiently("GET", `/api/v1/lottery/rounds/${state.roundId}/me`);
    if (state.me.session) openStream(state.me.session.session_id);
    return state.me;
  }

  async function loadRound() {
    if (!state.round) state.round = await patiently("GET", `/api/v1/lottery/rounds/${state.roundId}`);
    return state.round;
  }

  /** Which part of the day the family is in, by the server's clock. */
  function phase() {
    const me = state.me;
    if (!me || !me.session) return "none";
    const t = now();
    const s = me.session;
    if (s.status === "closed" || s.room || s.gave_up || t >= toDate(s.formal_end)) return "ended";
    if (t >= toDate(s.formal_start)) return s.status === "open" ? "formal" : "opening";
    const window = me.preselection_window || {};
    if (window.opens_at && t < toDate(window.opens_at)) return "before";
    return "preselection";
  }

  // ---- The clock strip ---------------------------------------------------------------------------

  let lastPhase = null;
  let opening = false;

  /** Once the family has its room (or gave up), the strip shows that instead of counting down. */
  function settledText(s) {
    if (s.room) {
      const name = window.FamilySelection ? window.FamilySelection.label(s.room) : "";
      return `选房成功：${name}${s.auto_assigned ? "（选房时间结束时系统自动选定）" : "（已确认正选，不可更改）"}`;
    }
    return s.gave_up ? "您已放弃本次选房" : "";
  }

  function drawClock() {
    const me = state.me;
    if (!me || !me.session) return;
    const s = me.session;
    const t = now();
    const pre = (me.preselection_window || {}).opens_at;
    const items = [
      ["距预选开始", pre ? toDate(pre) : null],
      ["距正选开始", toDate(s.formal_start)],
      ["距选房结束", toDate(s.formal_end)],
    ];
    $("clock-session").textContent =
      `第${s.number}场 · 您的选房排位：第${s.rank}位 · 正选时间 ${window.Portal.formatTime(s.formal_start)} 至 ${window.Portal.formatTime(s.formal_end)}`;
    const settled = settledText(s);
    $("clock-items").classList.toggle("settled", Boolean(settled));
    if (settled) {
      if ($("clock-items").textContent !== `选房结果${settled}`) {
        $("clock-items").replaceChildren(el("dt", {}, "选房结果"), el("dd", { class: "clock-result" }, settled));
      }
    } else $("clock-items").replaceChildren(...items.flatMap(([label, at]) => {
      const left = at ? at.getTime() - t.getTime() : -1;
      return [el("dt", {}, label), el("dd", { class: left > 0 ? "" : "passed" }, left > 0 ? countdown(left) : label === "距选房结束" ? "已结束" : "已开始")];
    }));
    const current = phase();
    if ((lastPhase && current !== lastPhase) || (current === "opening" && !opening)) {
      // The window timer opens a session within a moment of its start: look again once it had time to.
      opening = current === "opening";
      // A boundary passed: read the session once, a moment later (spread over the families), and redraw.
      setTimeout(() => refreshMe().then(() => { lastPhase = phase(); return reloadWindowPages(); })
        .catch((e) => notify(describe(e), "error"))
        .finally(() => { opening = false; }), 500 + Math.random() * 1500);
    }
    lastPhase = current;
  }

  // ---- Tabs --------------------------------------------------------------------------------------

  function register(panelId, loader) { loaders[panelId] = loader; }

  async function open(panelId) {
    state.current = panelId;
    selectTab(state.nav, panelId);
    const loader = loaders[panelId];
    if (!loader) return;
    try {
      await loader();
    } catch (error) {
      const panel = $(panelId);
      panel.firstElementChild.replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
    }
  }

  function reload() { return open(state.current || "fam-select"); }

  /** A window boundary changes the selection pages; the lease page follows its own lease, and redrawing
   *  it would wipe a form the family is filling in (its bank card details). */
  function reloadWindowPages() { return state.current === "fam-lease" ? undefined : reload(); }

  // ---- Sign-in -----------------------------------------------------------------------------------

  function showView(id) {
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== id;
  }

  function signOut(reason) {
    closeStream();
    session.clear();
    $("who").hidden = true;
    $("round-choice").hidden = true;
    $("platform-login").parentElement.hidden = false;
    showView("login-view");
    showLoginError(reason);
  }

  // The platform is another site: the family goes there from the button and comes back with
  // ?round=<id, when the portal knew it>#assertion=<the platform's signed assertion>.

  async function wirePlatformButton() {
    const button = $("platform-login");
    let url = null;
    try {
      const config = await api("GET", "/portal/config", undefined, { public: true });
      url = config.identity_platform && config.identity_platform.sign_in_url;
    } catch (error) {
      url = null;
    }
    if (!url) {
      showLoginError("统一身份认证平台暂时无法访问，请稍后刷新页面再试。");
      return;
    }
    button.disabled = false;
    button.addEventListener("click", () => {
      const round = new URLSearchParams(location.search).get("round");
      const back = `${location.origin}${location.pathname}${round ? `?round=${encodeURIComponent(round)}` : ""}`;
      button.disabled = true;
      location.assign(`${url}?return_to=${encodeURIComponent(back)}`);
    });
  }

  function showLoginError(text) {
    $("login-error").textContent = text;
    $("login-error").hidden = !text;
  }

  async function signInFor(assertion, roundId) {
    const body = roundId ? { round_id: roundId, assertion } : { assertion };
    $("login-progress").hidden = false;
    try {
      const answer = await api("POST", "/api/v1/auth/families", body, { public: true });
      session.save(answer);
      sessionStorage.setItem("family.round", answer.user.org_id);
    } catch (error) {
      if (error.code === "not_eligible" && !roundId) {
        throw new ApiError(403, null, "您不在任何公共租赁住房选房批次的名单中。如有疑问，请联系住房保障部门。");
      }
      throw error;
    } finally {
      $("login-progress").hidden = true;
    }
  }

  /** Several rounds list the person: they choose one, and the same assertion signs them in for it. */
  function chooseRound(assertion, rounds) {
    return new Promise((resolve, reject) => {
      $("round-list").replaceChildren(...rounds.map((r) => el("li", {},
        el("button", { type: "button", class: "btn btn-light round-choice", onclick: async (event) => {
          try {
            await window.Portal.busy(event.currentTarget, () => signInFor(assertion, r.round_id), "正在登录…");
            $("round-choice").hidden = true;
    $("platform-login").parentElement.hidden = false;
            resolve(true);
          } catch (error) {
            reject(error);
          }
        } }, r.name))));
      $("round-choice").hidden = false;
      $("platform-login").parentElement.hidden = true;
      $("round-list").querySelector("button").focus();
    });
  }

  /** Returns true once signed in from the platform's redirect, false when the page was opened without one. */
  async function signInFromPlatform() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const assertion = fragment.get("assertion");
    const roundId = new URLSearchParams(location.search).get("round");
    if (assertion) history.replaceState(null, "", location.pathname + location.search);
    if (!assertion) return false;
    try {
      await signInFor(assertion, roundId);
    } catch (error) {
      if (error.code !== "choose_round" || !Array.isArray((error.details || {}).rounds)) throw error;
      showView("login-view");
      await chooseRound(assertion, error.details.rounds);
    }
    return true;
  }

  async function start() {
    $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
    $("logout").addEventListener("click", () => signOut(null));
    state.nav = document.querySelector(".family-tabs");
    wireTabs(state.nav, (panelId) => open(panelId));
    wirePlatformButton();
    try {
      await signInFromPlatform();
    } catch (error) {
      signOut(describe(error));
      return;
    }
    if (!session.token || session.expired) {
      signOut(null);
      return;
    }
    state.roundId = sessionStorage.getItem("family.round");
    showView("family-view");
    $("who").hidden = false;
    try {
      await syncClock();
      await refreshMe();
      $("who-name").textContent = `选房家庭：${state.me.family_id || ""}`;
    } catch (error) {
      $("select-body").replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
      return;
    }
    drawClock();
    setInterval(drawClock, 1000);
    if (state.current) return;  // the family already chose a tab while the page was loading
    const wanted = new URLSearchParams(location.search).get("tab");
    await open(wanted && loaders[wanted] ? wanted : "fam-select");
  }

  window.Family = {
    state, now, toDate, countdown, patiently, command, on, refreshMe, loadRound, phase, register, open, reload,
  };
  document.addEventListener("DOMContentLoaded", start);
})();
