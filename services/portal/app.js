/* 商品房网签备案业务门户 — the bureau officer's and the developer clerk's pages.
 * Plain browser JavaScript, no build step. Talks only to the gateway's JSON API on this origin.
 * Every text that comes from the server is put into the page with textContent, never as HTML. */
"use strict";

(function () {
  const TOKEN_KEY = "portal.token";
  const USER_KEY = "portal.user";
  const EXPIRES_KEY = "portal.expires_at";
  const PROJECT_KEY = "portal.last_project_id";

  const ROOM_STATUS = [
    ["no_info", "未录入"],
    ["pending_review", "待审核"],
    ["available", "可售"],
    ["signing", "正在签约中"],
    ["sold_unfiled", "已售待备案"],
    ["sold_filed", "已售已备案"],
    ["not_for_sale", "不可售"],
  ];
  const ROOM_STATUS_LABEL = Object.fromEntries(ROOM_STATUS);

  const CONTRACT_STATE_LABEL = {
    drafted: "草稿",
    preview_printed: "已打印预览",
    modified: "已修改",
    formal_printed: "已正式打印，待确认",
    confirmed: "已签约，待备案",
    filing_rejected: "备案被退回",
    filed: "已备案",
    cancelled: "已作废",
  };
  const CANCEL_REASON_LABEL = { buyer_abandoned: "购房人放弃签约", expired: "超过 24 小时未确认" };
  const ROLE_LABEL = { developer: "开发企业网签员", bureau_officer: "房管局备案科", auditor: "审计" };
  const USAGE_LABEL = { residential: "住宅", commercial: "商业", office: "办公", property_management: "物业用房" };

  const $ = (id) => document.getElementById(id);

  // ---- Small DOM helpers -------------------------------------------------------------------------

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

  function showError(id, error) {
    const box = $(id);
    if (!error) {
      box.hidden = true;
      box.textContent = "";
      return;
    }
    box.textContent = describe(error);
    box.hidden = false;
  }

  function describe(error) {
    if (error instanceof ApiError) return error.code ? `${error.message}（${error.code}）` : error.message;
    return `出错了 (unexpected error): ${error && error.message ? error.message : error}`;
  }

  let noticeTimer = null;
  function notify(text, kind) {
    $("notice-text").textContent = text;
    $("notice").className = "notice " + (kind || "ok");
    $("notice").hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { $("notice").hidden = true; }, kind === "error" ? 12000 : 6000);
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

  // ---- The API -----------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message, details) {
      super(message);
      this.status = status;
      this.code = code;
      this.details = details || {};
    }
  }

  const session = {
    get token() { return sessionStorage.getItem(TOKEN_KEY); },
    get user() {
      try { return JSON.parse(sessionStorage.getItem(USER_KEY) || "null"); } catch (e) { return null; }
    },
    get expired() {
      const expires = Number(sessionStorage.getItem(EXPIRES_KEY) || 0);
      return expires > 0 && Date.now() / 1000 >= expires;
    },
    save(answer) {
      sessionStorage.setItem(TOKEN_KEY, answer.token);
      sessionStorage.setItem(USER_KEY, JSON.stringify(answer.user || {}));
      sessionStorage.setItem(EXPIRES_KEY, String(answer.expires_at || 0));
    },
    clear() {
      sessionStorage.removeItem(TOKEN_KEY);
      sessionStorage.removeItem(USER_KEY);
      sessionStorage.removeItem(EXPIRES_KEY);
    },
  };

  async function errorFrom(response) {
    let body = null;
    try { body = await response.json(); } catch (e) { /* not JSON */ }
    if (body && body.error && typeof body.error === "object") {
      return new ApiError(response.status, body.error.code || "", body.error.message || `HTTP ${response.status}`,
                          body.error.details);
    }
    return new ApiError(response.status, `http_${response.status}`,
                        `服务器返回 HTTP ${response.status} ${response.statusText || ""}`.trim());
  }

  /**
   * Call the API. Sends the bearer token when signed in and an Idempotency-Key with every POST/PUT.
   * A 401 on anything but the sign-in itself ends the session and shows the sign-in screen.
   * Resolves to the JSON answer (or a Blob with {blob: true}); rejects with an ApiError.
   */
  async function api(method, path, body, options) {
    const opts = options || {};
    const headers = { Accept: opts.blob ? "application/pdf, */*" : "application/json" };
    if (session.token) headers.Authorization = `Bearer ${session.token}`;
    if (method === "POST" || method === "PUT") headers["Idempotency-Key"] = uuid();
    const init = { method, headers, cache: "no-store", credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, "network_error", "无法连接服务器，请检查网络 (network error)");
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401 && !opts.public) {
        signOut(`登录已失效，请重新登录：${describe(error)}`);
      }
      throw error;
    }
    return opts.blob ? response.blob() : response.json();
  }

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
      showError("login-error", new ApiError(0, "", "请填写用户名、密码和验证码 (username, password and captcha are required)"));
      return;
    }
    const submit = $("login-submit");
    submit.disabled = true;
    submit.textContent = "登录中…";
    try {
      const answer = await api("POST", "/api/v1/auth/login", body, { public: true });
      session.save(answer);
      $("login-password").value = "";
      $("login-captcha").value = "";
      $("login-key").value = "";
      showApp();
    } catch (error) {
      showError("login-error", error);
      $("login-captcha").value = "";
      loadCaptcha();
    } finally {
      submit.disabled = false;
      submit.textContent = "登录";
    }
  }

  function signOut(message) {
    session.clear();
    forgetScreens();
    showLogin();
    if (message) showError("login-error", new ApiError(401, "", message));
  }

  // ---- Screens -----------------------------------------------------------------------------------

  /** Nothing of one user's pages stays in the DOM for the next one who signs in on this browser. */
  function forgetScreens() {
    currentMap = null;
    projectNames.clear();
    for (const id of ["room-map", "contracts-table", "pending-table", "filed-table", "leases-table", "project-ids"]) {
      $(id).replaceChildren();
    }
    $("project-id").value = "";
    $("lease-state").value = "submitted";
    $("project-title").hidden = true;
    $("room-detail").hidden = true;
    delete $("room-detail").dataset.roomId;
    for (const id of ["room-map-error", "contracts-error", "pending-error", "filed-error", "leases-error"]) {
      showError(id, null);
    }
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
    if (user.role === "developer") {
      showOnly("developer-view");
      openTab("developer-view", "dev-rooms");
    } else if (user.role === "bureau_officer") {
      showOnly("bureau-view");
      openTab("bureau-view", "bureau-pending");
    } else {
      showOnly("other-view");
    }
  }

  const TAB_LOADERS = {
    "dev-rooms": () => startRoomMap(),
    "dev-contracts": () => loadContracts(),
    "bureau-pending": () => loadFilings("pending"),
    "bureau-filed": () => loadFilings("filed"),
    "bureau-leases": () => loadLeases(),
  };

  function openTab(viewId, panelId) {
    const view = $(viewId);
    for (const tab of view.querySelectorAll(".tab")) tab.classList.toggle("active", tab.dataset.tab === panelId);
    for (const panel of view.querySelectorAll(".panel")) panel.hidden = panel.id !== panelId;
    TAB_LOADERS[panelId]();
  }

  // ---- Developer: room map -----------------------------------------------------------------------

  let currentMap = null;

  function renderLegend() {
    const legend = $("legend");
    legend.replaceChildren(
      ...ROOM_STATUS.map(([status, label]) =>
        el("span", { class: "legend-item" }, el("span", { class: `swatch st-${status}` }), label)));
  }

  function rememberProjectIds(ids) {
    const list = $("project-ids");
    const known = new Set(Array.from(list.options, (o) => o.value));
    for (const id of ids) {
      if (id && !known.has(id)) {
        list.append(el("option", { value: id }));
        known.add(id);
      }
    }
  }

  async function startRoomMap() {
    const last = localStorage.getItem(PROJECT_KEY);
    if (last) {
      rememberProjectIds([last]);
      if (!$("project-id").value) $("project-id").value = last;
    }
    // The contract list carries the project ids this developer has already sold in.
    api("GET", "/api/v1/contracts").then((answer) => {
      rememberProjectIds((answer.contracts || []).map((c) => c.project_id));
    }).catch(() => { /* the map still works with a typed id */ });
    if ($("project-id").value.trim()) await loadRoomMap();
  }

  async function loadRoomMap() {
    const projectId = $("project-id").value.trim();
    showError("room-map-error", null);
    if (!projectId) {
      showError("room-map-error", new ApiError(0, "", "请输入项目编号 (enter a project id)"));
      return;
    }
    try {
      const map = await api("GET", `/api/v1/projects/${encodeURIComponent(projectId)}/room-map`);
      localStorage.setItem(PROJECT_KEY, projectId);
      rememberProjectIds([projectId]);
      currentMap = map;
      renderRoomMap(map);
    } catch (error) {
      if (error.status !== 401) showError("room-map-error", error);
    }
  }

  function roomSort(a, b) {
    return String(a.room_number).localeCompare(String(b.room_number), "zh-CN", { numeric: true });
  }

  function renderRoomMap(map) {
    const title = $("project-title");
    title.textContent = `${map.name || "项目"}（共 ${map.rooms.length} 套）`;
    title.hidden = false;
    const container = $("room-map");
    const selected = $("room-detail").dataset.roomId;
    const buildings = new Map();
    for (const room of map.rooms) {
      if (!buildings.has(room.building_id)) buildings.set(room.building_id, []);
      buildings.get(room.building_id).push(room);
    }
    if (buildings.size === 0) {
      container.replaceChildren(el("p", { class: "empty" }, "该项目还没有房间 (no rooms yet)。"));
      $("room-detail").hidden = true;
      return;
    }
    const blocks = [];
    let index = 0;
    for (const [buildingId, rooms] of buildings) {
      index += 1;
      const floors = new Map();
      for (const room of rooms) {
        if (!floors.has(room.floor)) floors.set(room.floor, []);
        floors.get(room.floor).push(room);
      }
      const columns = Math.max(...Array.from(floors.values(), (r) => r.length));
      const rows = Array.from(floors.keys()).sort((a, b) => b - a).map((floor) => {
        const cells = floors.get(floor).sort(roomSort).map((room) => el("td", {},
          el("button", {
            type: "button",
            class: `room st-${room.status}` + (room.room_id === selected ? " selected" : ""),
            title: `${room.room_number} · ${ROOM_STATUS_LABEL[room.status] || room.status}`,
            dataset: { roomId: room.room_id },
            onclick: () => showRoom(room),
          }, el("span", { class: "room-number" }, room.room_number),
             el("span", { class: "room-status" }, ROOM_STATUS_LABEL[room.status] || room.status))));
        while (cells.length < columns) cells.push(el("td", { class: "no-room" }));
        return el("tr", {}, el("th", { scope: "row" }, `${floor} 层`), cells);
      });
      const counts = {};
      for (const room of rooms) counts[room.status] = (counts[room.status] || 0) + 1;
      const summary = ROOM_STATUS.filter(([s]) => counts[s]).map(([s, label]) => `${label} ${counts[s]}`).join(" · ");
      blocks.push(el("div", { class: "building" },
        el("h3", {}, `${index} 号楼 `, el("span", { class: "hint", title: buildingId }, `building ${shortId(buildingId)}`),
           el("span", { class: "building-summary" }, summary)),
        el("div", { class: "table-scroll" }, el("table", { class: "room-grid" }, el("tbody", {}, rows)))));
    }
    container.replaceChildren(...blocks);
    if (selected) {
      const room = map.rooms.find((r) => r.room_id === selected);
      if (room) showRoom(room); else $("room-detail").hidden = true;
    }
  }

  function showRoom(room) {
    const detail = $("room-detail");
    detail.dataset.roomId = room.room_id;
    for (const button of document.querySelectorAll("#room-map .room")) {
      button.classList.toggle("selected", button.dataset.roomId === room.room_id);
    }
    const info = room.info || {};
    const facts = [
      ["状态 (status)", ROOM_STATUS_LABEL[room.status] || room.status],
      ["楼层 (floor)", room.floor],
      ["用途 (usage)", USAGE_LABEL[info.usage] || info.usage],
      ["户型 (layout)", info.layout],
      ["建筑面积 (area)", info.area_sqm ? `${info.area_sqm} ㎡` : null],
      ["朝向 (orientation)", info.orientation],
      ["单价 (price)", info.price_per_sqm ? `${info.price_per_sqm} 元/㎡` : null],
      ["合同 (contract)", room.contract_id ? shortId(room.contract_id) : null],
    ];
    const actions = [];
    if (room.status === "available") {
      actions.push(el("button", { type: "button", class: "btn btn-primary", onclick: () => draftContract(room) },
        "起草合同 ", el("span", { class: "hint" }, "Draft contract")));
    } else {
      actions.push(el("span", { class: "hint" }, "只有“可售”的房间可以起草合同 (only available rooms can be drafted)"));
    }
    detail.replaceChildren(
      el("h3", {}, `房间 ${room.room_number}`),
      el("dl", { class: "facts" }, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, dash(v))])),
      el("div", { class: "actions" }, actions));
    detail.hidden = false;
  }

  async function draftContract(room) {
    const buyer = window.prompt(`为房间 ${room.room_number} 起草合同\n请输入购房人姓名 (buyer name):`, "");
    if (buyer === null) return;
    const buyerName = buyer.trim();
    if (!buyerName) {
      notify("购房人姓名不能为空 (buyer name is required)", "error");
      return;
    }
    try {
      const answer = await api("POST", "/api/v1/contracts", { room_id: room.room_id, buyer_name: buyerName });
      const id = answer.contract_id || (answer.contract && answer.contract.contract_id);
      notify(`已为 ${room.room_number} 起草合同${id ? "，合同编号 " + id : ""}。请继续填写条款并打印。`, "ok");
    } catch (error) {
      if (error.status !== 401) notify(describe(error), "error");
      return;
    }
    // The room map follows the contract through RabbitMQ: look again until the room has moved on.
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await sleep(500 + attempt * 250);
      await loadRoomMap();
      const now = currentMap && currentMap.rooms.find((r) => r.room_id === room.room_id);
      if (!now || now.status !== "available") break;
    }
  }

  // ---- Developer: formal contracts ---------------------------------------------------------------

  async function loadContracts() {
    showError("contracts-error", null);
    const target = $("contracts-table");
    target.replaceChildren(el("p", { class: "loading" }, "加载中…"));
    try {
      const answer = await api("GET", "/api/v1/contracts");
      const contracts = answer.contracts || [];
      rememberProjectIds(contracts.map((c) => c.project_id));
      const reasons = await rejectionReasons(contracts);
      const names = new Map(await Promise.all(
        [...new Set(contracts.map((c) => c.project_id))].map(async (id) => [id, await projectName(id)])));
      if (contracts.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "还没有正式合同 (no formal contracts yet)。"));
        return;
      }
      target.replaceChildren(table(
        ["合同编号", "购房人", "房号", "状态", "备案号", "确认期限", "项目", "PDF"],
        contracts.map((c) => [
          el("span", { class: "mono", title: c.contract_id }, shortId(c.contract_id)),
          dash(c.buyer_name),
          dash(c.room_number),
          stateCell(CONTRACT_STATE_LABEL[c.state] || c.state, `state-${c.state}`,
                    c.state === "filing_rejected" && reasons.get(c.contract_id)
                      ? `退回原因：${reasons.get(c.contract_id).join("；")}`
                      : (c.cancel_reason ? `原因：${CANCEL_REASON_LABEL[c.cancel_reason] || c.cancel_reason}` : null)),
          el("span", { class: "mono" }, dash(c.filing_number)),
          c.state === "formal_printed" ? formatTime(c.confirm_by) : "—",
          el("span", { title: c.project_id }, names.get(c.project_id) || shortId(c.project_id)),
          pdfButtons(c.contract_id),
        ])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("contracts-error", error);
    }
  }

  /** The bureau's reasons for each contract whose filing was refused (a developer sees its own cases). */
  async function rejectionReasons(contracts) {
    if (!contracts.some((c) => c.state === "filing_rejected")) return new Map();
    try {
      const answer = await api("GET", "/api/v1/filings?state=rejected");
      return new Map((answer.filings || []).map((f) => [f.contract_id, Array.isArray(f.reasons) ? f.reasons : []]));
    } catch (error) {
      if (error.status === 401) throw error;
      return new Map();
    }
  }

  function stateCell(label, cls, note) {
    return el("span", {}, el("span", { class: `pill ${cls}` }, label), note ? el("div", { class: "note" }, note) : null);
  }

  function table(headers, rows) {
    return el("div", { class: "table-scroll" }, el("table", { class: "data" },
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((cell) => el("td", {}, cell)))))));
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
    if (button) button.disabled = true;
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
    } finally {
      if (button) button.disabled = false;
    }
  }

  // ---- Bureau officer: filing review and register ------------------------------------------------

  const projectNames = new Map();

  async function projectName(projectId) {
    if (!projectNames.has(projectId)) {
      projectNames.set(projectId, api("GET", `/api/v1/projects/${encodeURIComponent(projectId)}`)
        .then((p) => p.name || shortId(projectId)).catch(() => shortId(projectId)));
    }
    return projectNames.get(projectId);
  }

  /** Buyer and room number of each contract (the bureau sees every formal contract). */
  async function contractsById() {
    try {
      const answer = await api("GET", "/api/v1/contracts");
      return new Map((answer.contracts || []).map((c) => [c.contract_id, c]));
    } catch (error) {
      if (error.status === 401) throw error;
      return new Map();
    }
  }

  async function fetchFilings(state) {
    const answer = await api("GET", `/api/v1/filings?state=${encodeURIComponent(state)}`);
    return answer.filings || [];
  }

  async function loadFilings(state, preloaded) {
    const errorId = `${state}-error`;
    const target = $(`${state}-table`);
    showError(errorId, null);
    if (!preloaded) target.replaceChildren(el("p", { class: "loading" }, "加载中…"));
    try {
      const [filings, contracts] = await Promise.all([preloaded || fetchFilings(state), contractsById()]);
      const names = new Map(await Promise.all(
        [...new Set(filings.map((f) => f.project_id))].map(async (id) => [id, await projectName(id)])));
      if (filings.length === 0) {
        target.replaceChildren(el("p", { class: "empty" },
          state === "pending" ? "没有待审核的备案申请 (the review queue is empty)。" : "登记簿中还没有已备案的合同。"));
        return;
      }
      const contractCells = (f) => {
        const c = contracts.get(f.contract_id) || {};
        return [
          el("span", { class: "mono", title: f.contract_id }, shortId(f.contract_id)),
          dash(c.buyer_name),
          dash(c.room_number),
          el("span", { title: f.project_id }, names.get(f.project_id) || shortId(f.project_id)),
        ];
      };
      if (state === "pending") {
        target.replaceChildren(table(
          ["提交时间", "合同", "购房人", "房号", "项目", "提交次数", "合同文本", "操作"],
          filings.map((f) => [
            formatTime(f.submitted_at),
            ...contractCells(f),
            f.submission > 1 ? `第 ${f.submission} 次（重新提交）` : "第 1 次",
            pdfButtons(f.contract_id),
            el("span", { class: "nowrap" },
              el("button", { type: "button", class: "btn btn-small btn-approve",
                             onclick: (e) => approveFiling(f, e.currentTarget) }, "通过"),
              el("button", { type: "button", class: "btn btn-small btn-reject",
                             onclick: (e) => rejectFiling(f, e.currentTarget) }, "退回")),
          ])));
      } else {
        target.replaceChildren(table(
          ["备案号", "合同", "购房人", "房号", "项目", "提交时间", "合同文本"],
          filings.map((f) => [
            el("strong", { class: "mono" }, dash(f.filing_number)),
            ...contractCells(f),
            formatTime(f.submitted_at),
            pdfButtons(f.contract_id),
          ])));
      }
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError(errorId, error);
    }
  }

  function rowButtons(button) {
    const row = button.closest("tr");
    return row ? Array.from(row.querySelectorAll("button")) : [button];
  }

  /** Run a review decision, then refresh the queue (a projection) until the decided row has left it. */
  async function decide(button, call, doneText, fetchQueue, isDecided, reload) {
    const buttons = rowButtons(button);
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
      await sleep(400 + attempt * 200);
    }
    await reload(rows || undefined);
  }

  /** Reasons typed by the officer (split on ; or new lines), or null when cancelled or empty. */
  function askReasons(question) {
    const text = window.prompt(question, "");
    if (text === null) return null;
    const reasons = text.split(/[;；\n]+/).map((r) => r.trim()).filter(Boolean);
    if (reasons.length === 0) {
      notify("请填写退回原因 (a reason is required)", "error");
      return null;
    }
    return reasons;
  }

  function decideFiling(filing, button, call, doneText) {
    return decide(button, call, doneText, () => fetchFilings("pending"),
                  (f) => f.filing_id === filing.filing_id, (rows) => loadFilings("pending", rows));
  }

  function approveFiling(filing, button) {
    if (!window.confirm(`确认通过合同 ${shortId(filing.contract_id)} 的备案？通过后将生成备案号。`)) return;
    return decideFiling(filing, button,
      () => api("POST", `/api/v1/filings/${encodeURIComponent(filing.filing_id)}/approve`),
      "已通过备案 (filed)。");
  }

  function rejectFiling(filing, button) {
    const reasons = askReasons("请输入退回原因（多条原因用分号“；”隔开）\nReasons for rejecting (separate with ;):");
    if (reasons === null) return;
    return decideFiling(filing, button,
      () => api("POST", `/api/v1/filings/${encodeURIComponent(filing.filing_id)}/reject`, { reasons }),
      "已退回，开发企业可修改后重新提交 (rejected)。");
  }

  // ---- Bureau officer: public-housing lease review (R004.15) --------------------------------------

  async function fetchLeases(state) {
    const answer = await api("GET", `/api/v1/leases?state=${encodeURIComponent(state)}`);
    return answer.leases || [];
  }

  /** Each load of the lease table takes a ticket: only the latest one may draw (the filter can change
   *  while an older answer is still on its way). */
  let leaseLoads = 0;

  async function loadLeases(preloaded) {
    const ticket = ++leaseLoads;
    const state = $("lease-state").value;
    const target = $("leases-table");
    showError("leases-error", null);
    if (!preloaded) target.replaceChildren(el("p", { class: "loading" }, "加载中…"));
    try {
      const leases = preloaded || await fetchLeases(state);
      if (ticket !== leaseLoads) return;
      if (leases.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "没有该状态的签约申请 (nothing in this state)。"));
        return;
      }
      const actions = (lease) => {
        if (lease.state === "submitted") {
          return el("span", { class: "nowrap" },
            el("button", { type: "button", class: "btn btn-small btn-approve",
                           onclick: (e) => approveLease(lease, e.currentTarget) }, "通过"),
            el("button", { type: "button", class: "btn btn-small btn-reject",
                           onclick: (e) => rejectLease(lease, e.currentTarget) }, "退回"));
        }
        return lease.state === "approved" ? pdfButtons(lease.lease_id, "leases") : "—";
      };
      target.replaceChildren(table(
        ["提交时间", "签约", "申请编号", "房屋", "月租金 (元)", "签约期限", "操作"],
        leases.map((l) => [
          formatTime(l.submitted_at),
          el("span", { class: "mono", title: l.lease_id }, shortId(l.lease_id)),
          dash(l.family_id),
          dash(l.room_label),
          dash(l.monthly_rent),
          formatTime(l.sign_by),
          actions(l),
        ])));
    } catch (error) {
      if (ticket !== leaseLoads) return;
      target.replaceChildren();
      if (error.status !== 401) showError("leases-error", error);
    }
  }

  /** The rows polled for `state` are shown only while the filter is still on it; otherwise load afresh. */
  function decideLease(lease, button, call, doneText) {
    const state = $("lease-state").value;
    return decide(button, call, doneText, () => fetchLeases(state),
                  (l) => l.lease_id === lease.lease_id,
                  (rows) => loadLeases($("lease-state").value === state ? rows : undefined));
  }

  function approveLease(lease, button) {
    if (!window.confirm(`确认通过 ${lease.family_id} 的租赁合同（${lease.room_label}）？通过后将短信通知申请人。`)) return;
    return decideLease(lease, button,
      () => api("POST", `/api/v1/leases/${encodeURIComponent(lease.lease_id)}/approve`),
      "已通过，已通知申请人 (approved)。");
  }

  function rejectLease(lease, button) {
    const reasons = askReasons("请输入退回原因（多条原因用分号“；”隔开）\n退回后押金原路退还、房源释放。\n" +
                               "Reasons (separate with ;) — the deposit is refunded and the room released:");
    if (reasons === null) return;
    return decideLease(lease, button,
      () => api("POST", `/api/v1/leases/${encodeURIComponent(lease.lease_id)}/reject`, { reasons }),
      "已退回：押金将退还，房源已释放 (rejected)。");
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  function init() {
    renderLegend();
    $("login-form").addEventListener("submit", onLogin);
    $("captcha-refresh").addEventListener("click", () => { $("login-captcha").value = ""; loadCaptcha(); });
    $("logout").addEventListener("click", () => signOut(null));
    $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
    for (const tab of document.querySelectorAll(".tab")) {
      tab.addEventListener("click", () => openTab(tab.closest(".view").id, tab.dataset.tab));
    }
    $("project-form").addEventListener("submit", (event) => { event.preventDefault(); loadRoomMap(); });
    $("room-map-refresh").addEventListener("click", () => loadRoomMap());
    $("contracts-refresh").addEventListener("click", () => loadContracts());
    $("pending-refresh").addEventListener("click", () => loadFilings("pending"));
    $("filed-refresh").addEventListener("click", () => loadFilings("filed"));
    $("leases-refresh").addEventListener("click", () => loadLeases());
    $("lease-state").addEventListener("change", () => loadLeases());

    if (session.token && !session.expired && session.user) showApp();
    else {
      session.clear();
      showLogin();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
