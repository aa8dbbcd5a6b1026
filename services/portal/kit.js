/* The portal kit: what every portal page shares (staff portal, families' portal, public check page).
 * Plain browser JavaScript, no build step; it defines window.Portal and nothing else.
 * Every text that comes from the server is put into the page with textContent, never as HTML. */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  /** el("td", {class: "x", title: "y"}, "text", childNode, ...) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const shortId = (id) => (id ? String(id).slice(0, 8) : "—");
  const dash = (value) => (value === undefined || value === null || value === "" ? "—" : String(value));

  function formatTime(text) {
    if (!text) return "—";
    // PostgreSQL's text form: "2026-05-01 10:00:00.123456+08" -> ISO 8601 with a full offset.
    const iso = String(text).replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(text);
    return date.toLocaleString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" });
  }

  function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

  function uuid() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; getRandomValues does not.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ---- Errors, in plain Chinese ------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message, details) {
      super(message);
      this.status = status;
      this.code = code;
      this.details = details || {};
    }
  }

  /** What to tell a person for each error code the API answers with: what happened and what to do.
   *  Pages add their own with Portal.explain({code: sentence}). */
  const MESSAGES = {
    network_error: "无法连接服务器，请检查网络后重试。",
    invalid_input: "填写的内容有误，请按提示修改后再提交。",
    validation_error: "填写的内容有误，请按提示修改后再提交。",
    body_too_large: "提交的内容太大，请删减后再提交。",
    unsupported_media_type: "提交的格式不正确，请刷新页面后重试。",
    unauthenticated: "请先登录。",
    invalid_token: "登录已失效，请重新登录。",
    token_expired: "登录已超时，请重新登录。",
    role_not_allowed: "当前账号没有办理此业务的权限。",
    other_organisation: "该记录属于其他单位，您无权查看或办理。",
    not_found: "没有找到该记录，请刷新后重试。",
    route_not_found: "没有找到该页面或功能，请刷新后重试。",
    concurrent_modification: "该记录刚被他人修改，请刷新后重试。",
    captcha_wrong: "验证码不正确，请看清新的验证码后重新输入。",
    captcha_expired: "验证码已过期，请输入新的验证码。",
    invalid_credentials: "用户名、密码或电子密钥不正确，请核对后重新登录。",
    too_many_attempts: "登录失败次数过多，请稍后再试。",
    too_many_requests: "操作太频繁，请稍候片刻再试。",
    request_in_flight: "上一个操作还在处理中，请稍候。",
    saturated: "系统正忙，请稍候片刻再试。",
    service_unavailable: "系统暂时无法办理，请稍后再试。",
    database_unavailable: "系统暂时无法办理，请稍后再试。",
    storage_unavailable: "系统暂时无法办理，请稍后再试。",
    upstream_timeout: "系统处理超时，请稍后刷新查看结果，不要重复提交。",
    upstream_failed: "系统暂时无法办理，请稍后再试。",
    provider_unavailable: "外部服务暂时不可用，请稍后再试。",
    idempotency_key_reused: "该操作已经提交过，请刷新查看结果。",
    reasons_required: "请填写退回原因。",
  };
  const BY_STATUS = {
    400: "填写的内容有误，请检查后再提交。",
    401: "登录已失效，请重新登录。",
    403: "当前账号没有办理此业务的权限。",
    404: "没有找到该记录，请刷新后重试。",
    409: "该记录的状态已变化，请刷新后查看。",
    413: "提交的内容太大，请删减后再提交。",
    422: "不符合办理条件，请核对后再办理。",
    429: "操作太频繁，请稍候片刻再试。",
    503: "系统暂时无法办理，请稍后再试。",
  };

  function explain(more) { Object.assign(MESSAGES, more); }

  /** A Chinese sentence for any error (an ApiError from the server, or anything thrown in the page). */
  function describe(error) {
    if (error instanceof ApiError) {
      if (error.code && MESSAGES[error.code]) return MESSAGES[error.code];
      if (!error.code && error.message) return error.message;  // the page's own sentence
      return BY_STATUS[error.status] || (error.status >= 500
        ? "系统出现故障，请稍后再试；如仍不能办理，请联系房管局。"
        : "操作未能完成，请刷新后重试。");
    }
    return "页面出现错误，请刷新页面后重试。";
  }

  /** The field-level problems of a 400 answer as {field: text}, when the server named fields. */
  function fieldProblems(error) {
    if (!(error instanceof ApiError) || error.code !== "invalid_input") return {};
    return error.details && typeof error.details === "object" ? error.details : {};
  }

  function showError(id, error) {
    const box = $(id);
    if (!box) return;
    if (!error) {
      box.hidden = true;
      box.textContent = "";
      return;
    }
    box.textContent = describe(error);
    box.hidden = false;
  }

  let noticeTimer = null;
  function notify(text, kind) {
    const box = $("notice");
    if (!box) return;
    $("notice-text").textContent = text;
    box.className = "notice " + (kind || "ok");
    box.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { box.hidden = true; }, kind === "error" ? 12000 : 6000);
  }

  // ---- Sessions and the API ----------------------------------------------------------------------

  /** A signed-in session kept in sessionStorage under `prefix` (staff and families keep theirs apart). */
  function sessionStore(prefix) {
    const key = (name) => `${prefix}.${name}`;
    return {
      get token() { return sessionStorage.getItem(key("token")); },
      get user() {
        try { return JSON.parse(sessionStorage.getItem(key("user")) || "null"); } catch (e) { return null; }
      },
      get expired() {
        const expires = Number(sessionStorage.getItem(key("expires_at")) || 0);
        return expires > 0 && Date.now() / 1000 >= expires;
      },
      save(answer) {
        sessionStorage.setItem(key("token"), answer.token);
        sessionStorage.setItem(key("user"), JSON.stringify(answer.user || {}));
        sessionStorage.setItem(key("expires_at"), String(answer.expires_at || 0));
      },
      clear() {
        for (const name of ["token", "user", "expires_at"]) sessionStorage.removeItem(key(name));
      },
    };
  }

  const hooks = {
    session: null,          // the page's sessionStore
    unauthorized: null,     // called with the error when a signed-in call answers 401
  };

  async function errorFrom(response) {
    let body = null;
    try { body = await response.json(); } catch (e) { /* not JSON */ }
    if (body && body.error && typeof body.error === "object") {
      return new ApiError(response.status, body.error.code || `http_${response.status}`,
                          body.error.message || `HTTP ${response.status}`, body.error.details);
    }
    return new ApiError(response.status, `http_${response.status}`, `HTTP ${response.status}`);
  }

  /**
   * Call the API. Sends the bearer token when signed in and an Idempotency-Key with every POST/PUT
   * (opts.idempotencyKey to reuse one across retries of the same command).
   * A 401 on anything but a public call ends the session (hooks.unauthorized).
   * opts.file: a File or Blob sent as the whole body with its own type (an upload route).
   * Resolves to the JSON answer (or a Blob with {blob: true}); rejects with an ApiError.
   */
  async function api(method, path, body, options) {
    const opts = options || {};
    const headers = { Accept: opts.blob ? "application/pdf, */*" : "application/json" };
    const session = hooks.session;
    if (session && session.token && !opts.public) headers.Authorization = `Bearer ${session.token}`;
    if (method === "POST" || method === "PUT") headers["Idempotency-Key"] = opts.idempotencyKey || uuid();
    const init = { method, headers, cache: "no-store", credentials: "same-origin" };
    if (opts.file) {
      headers["Content-Type"] = opts.file.type;  // a file sent as the whole body (an upload route)
      init.body = opts.file;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, "network_error", "network error");
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      error.retryAfter = Number(response.headers.get("Retry-After") || 0);
      if (response.status === 401 && !opts.public && hooks.unauthorized) hooks.unauthorized(error);
      throw error;
    }
    return opts.blob ? response.blob() : response.json();
  }

  /** Run `work` with `button` disabled and showing `busyText`, so a second click sends nothing. */
  async function busy(button, work, busyText) {
    if (!button) return work();
    if (button.dataset.busy === "1") return undefined;
    const label = button.textContent;
    button.dataset.busy = "1";
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    if (busyText) button.textContent = busyText;
    try {
      return await work();
    } finally {
      delete button.dataset.busy;
      button.disabled = false;
      button.removeAttribute("aria-busy");
      if (busyText) button.textContent = label;
    }
  }

  /** Save a fetched file (a Blob) under `filename`, as the phone or computer saves a download. */
  function saveBlob(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // ---- Tables, states, dialogs -------------------------------------------------------------------

  function table(headers, rows) {
    return el("div", { class: "table-scroll" }, el("table", { class: "data" },
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((cell) => el("td", {}, cell)))))));
  }

  function stateCell(label, cls, note) {
    return el("span", {}, el("span", { class: `pill ${cls}` }, label), note ? el("div", { class: "note" }, note) : null);
  }

  function loading(target, text) {
    target.replaceChildren(el("p", { class: "loading", role: "status" }, text || "加载中…"));
  }

  /**
   * A modal dialog (the page's own, never window.prompt/confirm). Resolves to the values of its fields
   * ({name: value}) when confirmed, or null when cancelled.
   *   ask({title, message, fields: [{name, label, type: "text"|"textarea"|..., required, value, hint}],
   *        confirmLabel, cancelLabel, danger})
   */
  function ask(options) {
    const o = options || {};
    return new Promise((resolve) => {
      const inputs = [];
      const error = el("div", { class: "error", role: "alert", hidden: true });
      const rows = (o.fields || []).map((field, index) => {
        const id = `dialog-field-${index}`;
        const input = field.type === "textarea"
          ? el("textarea", { id, name: field.name, rows: 4, required: field.required })
          : el("input", { id, name: field.name, type: field.type || "text", required: field.required,
                          autocomplete: "off" });
        input.value = field.value || "";
        inputs.push([field, input]);
        return [el("label", { for: id }, field.label), input, field.hint ? el("div", { class: "hint" }, field.hint) : null];
      });
      const cancel = el("button", { type: "button", class: "btn btn-light" }, o.cancelLabel || "取消");
      const confirm = el("button", { type: "submit", class: `btn ${o.danger ? "btn-reject" : "btn-primary"}` },
                         o.confirmLabel || "确定");
      const form = el("form", { method: "dialog", class: "dialog-form", novalidate: true },
        el("h2", {}, o.title || "请确认"),
        o.message ? (Array.isArray(o.message) ? o.message.map((m) => el("p", {}, m)) : el("p", {}, o.message)) : null,
        rows, error,
        el("div", { class: "dialog-actions" }, cancel, confirm));
      const dialog = el("dialog", { class: "dialog", "aria-label": o.title || "请确认" }, form);
      let settled = false;
      const finish = (value) => {
        if (settled) return;
        settled = true;
        dialog.close();
        dialog.remove();
        resolve(value);
      };
      cancel.addEventListener("click", () => finish(null));
      dialog.addEventListener("cancel", (event) => { event.preventDefault(); finish(null); });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const values = {};
        for (const [field, input] of inputs) {
          const value = input.value.trim();
          if (field.required && !value) {
            error.textContent = `请填写“${field.label}”。`;
            error.hidden = false;
            input.focus();
            return;
          }
          values[field.name] = value;
        }
        finish(values);
      });
      document.body.append(dialog);
      dialog.showModal();
      (inputs.length ? inputs[0][1] : confirm).focus();
    });
  }

  /** Tabs with ARIA roles: `nav` holds buttons with data-tab naming the panel each one shows. */
  function wireTabs(nav, onOpen) {
    nav.setAttribute("role", "tablist");
    const tabs = Array.from(nav.querySelectorAll("[data-tab]"));
    for (const tab of tabs) {
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", tab.dataset.tab);
      tab.id = tab.id || `tab-${tab.dataset.tab}`;
      const panel = $(tab.dataset.tab);
      if (panel) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
      }
      tab.addEventListener("click", () => onOpen(tab.dataset.tab));
      tab.addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
        next.focus();
        onOpen(next.dataset.tab);
      });
    }
  }

  function selectTab(nav, panelId) {
    for (const tab of nav.querySelectorAll("[data-tab]")) {
      const active = tab.dataset.tab === panelId;
      tab.classList.toggle("active", active);
      tab.setAttribute("aria-selected", active ? "true" : "false");
      tab.tabIndex = active ? 0 : -1;
      const panel = $(tab.dataset.tab);
      if (panel) panel.hidden = !active;
    }
  }

  window.Portal = {
    $, el, shortId, dash, formatTime, sleep, uuid,
    ApiError, MESSAGES, explain, describe, fieldProblems, showError, notify,
    sessionStore, hooks, api, busy, saveBlob,
    table, stateCell, loading, ask, wireTabs, selectTab,
  };
})();
