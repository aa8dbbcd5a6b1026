/* 网上选房 — the family's selection pages (guide 004): the rules, pre-selection with search (R004.3),
 * the cart and its order (R004.4/5), formal selection with sync (R004.6) and the irrevocable confirmation
 * (R004.7), the result, the supplementary application (R004.9) and the live broadcast (R004.10). */
"use strict";

(function () {
  const { $, el, describe, notify, ask, formatTime } = window.Portal;
  const F = window.Family;
  const MAX_CART = 5;

  window.Portal.explain({
    cart_full: "购物车最多5套房源，请先删除一套再选择。",
    already_in_cart: "该房源已在购物车中。",
    not_in_cart: "请从购物车中选定房源后再确认。",
    room_taken: "该房源已被排位在您之前的家庭选定，请删除后选择其他房源。",
    room_not_offered: "该房源不在本批次的房源中，请刷新页面后重新选择。",
    duplicate_room: "该房源已在购物车中。",
    outside_preselection_window: "现在不在预选时间内，请按页面上方的时间办理。",
    outside_session_window: "现在不在您的正选时间内，请按页面上方的时间办理。",
    rules_not_accepted: "请先阅读选房规则，勾选“上述条款，我已阅知”后点击“去选房”。",
    already_confirmed: "您已确认正选，选房结果不可更改。",
    gave_up: "您已主动放弃本次选房，不能再选房或申请补选。",
    not_in_session: "您的家庭不在该选房场次中。",
    session_not_open: "本场次选房尚未开始或已经结束，请以页面上方的时间为准。",
    session_not_ended: "您的选房场次尚未结束，请在场次结束后再申请补选。",
    supplementary_closed: "补选申请已截止（当天最后一个正选场次结束后3分钟内可申请）。",
    already_allocated: "您的家庭已选定住房，无需申请补选。",
    unknown_operation: "操作无效，请刷新页面后重试。",
  });

  const ORIENTATIONS = { S: "南", N: "北", E: "东", W: "西", SE: "东南", SW: "西南", NE: "东北", NW: "西北",
                         NS: "南北", SN: "南北", EW: "东西", WE: "东西" };
  const orientation = (value) => ORIENTATIONS[String(value || "").toUpperCase()] || value || "—";

  /** The round's rooms by id (with taken), read once and kept current by the broadcast. */
  const catalogue = { rooms: new Map(), loaded: false, results: null, filters: { building: "", layout: "", orientation: "" } };
  const recent = [];

  async function loadCatalogue(force) {
    if (catalogue.loaded && !force) return;
    const answer = await F.patiently("GET", `/api/v1/lottery/rounds/${F.state.roundId}/rooms?available=false&limit=500`);
    // The catalogue may lag the broadcast by a moment: a room once seen taken stays taken.
    for (const room of answer.rooms || []) {
      const known = catalogue.rooms.get(room.room_id);
      catalogue.rooms.set(room.room_id, { ...room, taken: room.taken || Boolean(known && known.taken) });
    }
    catalogue.loaded = true;
  }

  const roomOf = (id) => catalogue.rooms.get(id) || { room_id: id };
  const isTaken = (id) => Boolean(roomOf(id).taken);
  function label(id) {
    const room = roomOf(id);
    return room.building ? `${room.building} ${room.room_number}室` : "房源信息加载中";
  }
  const details = (room) => `${room.layout || "—"} · 朝向${orientation(room.orientation)} · ${room.area_sqm || "—"}平方米`;

  // ---- The cart, whichever the phase ------------------------------------------------------------

  function cartIds() {
    const me = F.state.me;
    if (F.phase() === "formal") return (me.session.cart || []).map((c) => c.room_id);
    return me.preselection || [];
  }

  async function changeCart(operation, roomId, button) {
    const formal = F.phase() === "formal";
    const path = `/api/v1/lottery/rounds/${F.state.roundId}/${formal ? "selection/cart" : "preselection"}`;
    try {
      const answer = await F.command("POST", path, { operation, room_id: roomId }, button);
      if (formal) F.state.me.session.cart = answer.result.map((id) => ({ room_id: id, taken: isTaken(id) }));
      else F.state.me.preselection = answer.cart;
      drawSelection();
    } catch (error) {
      notify(describe(error), "error");
    }
  }

  // ---- The rules page ------------------------------------------------------------------------------

  const RULES = [
    "本次选房分为预选和正选两个环节。选房家庭可在预选时间开始后至本家庭正选时间开始前进行预选；预选房源后，需在正选环节确认，未在规定时间内参与正选的，预选结果作废。",
    "每个选房家庭最多预选5套房源，可通过上移、下移、置顶调整意向顺序；已被排位在您之前的家庭选定的房源，可以删除后另选。",
    "正选时间开始后，点击“去选房”进入正选界面，可点击“确认同步”同步预选房源。注意：同步后，您在正选环节新选择的房源将被预选房源覆盖，请在正选2分钟内确定购物车中的房源及意向排序。",
    "点击“确认正选”从购物车中确定一套住房，提交后选房结果不可更改。",
    "如您在正选时间内一直未选定房源，选房时间结束时，系统将自动为您选定购物车中未被其他家庭选定的第一序位房源。",
    "未在正选时间内参与选房或未选定住房的家庭（主动放弃的除外），可在本场次结束后至当天正选场次结束后3分钟内申请补选。",
  ];

  function rulesPage(phase) {
    const box = el("input", { type: "checkbox", id: "rules-read" });
    const problem = el("div", { class: "error", role: "alert", hidden: true });
    const go = async (button, action) => {
      if (!box.checked) {
        problem.textContent = "请先阅读选房规则，并勾选“上述条款，我已阅知”。";
        problem.hidden = false;
        box.focus();
        return;
      }
      problem.hidden = true;
      await action(button);
    };
    const startPre = el("button", { type: "button", class: "btn btn-primary", disabled: phase !== "preselection",
      onclick: (e) => go(e.currentTarget, async () => { sessionStorage.setItem("family.rulesRead", F.state.roundId); drawSelection(); }) },
      "开始预选");
    const startFormal = el("button", { type: "button", class: "btn btn-primary", disabled: phase !== "formal",
      onclick: (e) => go(e.currentTarget, enterFormal) }, "去选房");
    const broadcast = el("button", { type: "button", class: "btn btn-light",
      onclick: (e) => go(e.currentTarget, async () => F.open("fam-broadcast")) }, "房源信息播报");
    const when = {
      before: "预选尚未开始，请按页面上方的倒计时准时登录。",
      preselection: "现在是预选时间，可以开始预选。",
      formal: "您的正选时间已经开始，请点击“去选房”。",
      opening: "正选即将开始，请稍候。",
    }[phase] || "";
    return el("div", { class: "rules" },
      el("h2", {}, "网上选房声明"),
      el("ol", { class: "rules-list" }, RULES.map((text) => el("li", {}, text))),
      el("p", { class: "phase-note" }, when),
      el("div", { class: "check-row" }, box, el("label", { for: "rules-read" }, "上述条款，我已阅知")),
      problem,
      el("div", { class: "actions" }, startPre, startFormal, broadcast));
  }

  async function enterFormal(button) {
    try {
      await F.command("POST", `/api/v1/lottery/rounds/${F.state.roundId}/selection/enter`, undefined, button);
      F.state.me.session.entered = true;
      drawSelection();
    } catch (error) {
      notify(describe(error), "error");
    }
  }

  // ---- The selection screen ------------------------------------------------------------------------

  const SYNC_WARNING = "同步后，您在正选环节新选择的房源将被预选房源覆盖。请在正选2分钟内确定购物车中的房源及意向排序。";

  async function sync(button, fromBanner) {
    const formalCart = (F.state.me.session.cart || []).length;
    if (!fromBanner || formalCart) {
      const answer = await ask({ title: "同步预选房源", message: [SYNC_WARNING, "确定同步吗？"], confirmLabel: "确认同步" });
      if (!answer) return;
    }
    try {
      const answer = await F.command("POST", `/api/v1/lottery/rounds/${F.state.roundId}/selection/sync`, undefined, button);
      F.state.me.session.cart = answer.result.map((id) => ({ room_id: id, taken: isTaken(id) }));
      F.state.synced = true;
      notify(answer.result.length ? `已同步${answer.result.length}套预选房源。` : "您没有预选房源，请从左侧可选房源中选择。");
      drawSelection();
    } catch (error) {
      notify(describe(error), "error");
    }
  }

  async function confirmRoom(button) {
    const chosen = document.querySelector("input[name='final-room']:checked");
    if (!chosen) {
      notify("请先在购物车中选定一套房源，再点击“确认正选”。", "error");
      return;
    }
    const roomId = chosen.value;
    await window.Portal.busy(button, async () => {
      const answer = await ask({
        title: "确认正选",
        message: [`您选定的房源：${label(roomId)}（${details(roomOf(roomId))}）。`,
                  "确认后选房结果不可更改，本场次选房即结束。确定提交吗？"],
        confirmLabel: "确认提交", danger: true });
      if (!answer) return;
      try {
        await F.command("POST", `/api/v1/lottery/rounds/${F.state.roundId}/selection/confirm`, { room_id: roomId });
        notify(`选房成功：${label(roomId)}。请点击“去签约”办理网上签约。`);
        await F.refreshMe();
        F.open("fam-result");
      } catch (error) {
        notify(describe(error), "error");
        if (error.code === "room_taken") {
          roomOf(roomId).taken = true;
          drawSelection();
        }
      }
    }, "正在提交…");
  }

  function searchForm() {
    const values = (field) => Array.from(new Set(Array.from(catalogue.rooms.values()).map((r) => r[field]).filter(Boolean))).sort();
    const select = (id, field, text, show) => [
      el("label", { for: id }, text),
      el("select", { id, name: field },
        el("option", { value: "" }, "不限"),
        values(field).map((v) => el("option", { value: v, selected: catalogue.filters[field] === v }, show ? show(v) : v))),
    ];
    const form = el("form", { class: "search", role: "search", "aria-label": "查询房源" },
      el("div", { class: "search-field" }, select("search-building", "building", "楼栋")),
      el("div", { class: "search-field" }, select("search-layout", "layout", "户型")),
      el("div", { class: "search-field" }, select("search-orientation", "orientation", "朝向", orientation)),
      el("button", { type: "submit", class: "btn btn-primary" }, "查询"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      for (const field of ["building", "layout", "orientation"]) catalogue.filters[field] = form.elements[field].value;
      await window.Portal.busy(form.querySelector("button[type=submit]"), search, "查询中…");
    });
    return form;
  }

  async function search() {
    const query = new URLSearchParams({ limit: "200" });
    for (const [name, value] of Object.entries(catalogue.filters)) if (value) query.set(name, value);
    try {
      const answer = await F.patiently("GET", `/api/v1/lottery/rounds/${F.state.roundId}/rooms?${query}`);
      for (const room of answer.rooms || []) {
        const known = catalogue.rooms.get(room.room_id);
        catalogue.rooms.set(room.room_id, { ...room, taken: room.taken || (known && known.taken) });
      }
      catalogue.results = (answer.rooms || []).map((room) => room.room_id);
      drawSelection();
    } catch (error) {
      notify(describe(error), "error");
    }
  }

  function availableList() {
    const inCart = new Set(cartIds());
    const full = inCart.size >= MAX_CART;
    const ids = catalogue.results || [];
    if (!ids.length) return el("p", { class: "empty" }, "没有符合条件的可选房源，请更换查询条件。");
    return el("ul", { class: "room-list", "aria-label": "可选房源" }, ids.map((id) => {
      const room = roomOf(id);
      const taken = isTaken(id);
      const chosen = inCart.has(id);
      return el("li", { class: `room-card${taken ? " taken" : ""}`, dataset: { room: label(id) } },
        el("div", { class: "room-main" },
          el("strong", {}, label(id)),
          el("span", { class: "room-facts" }, details(room)),
          taken ? el("span", { class: "pill pill-taken" }, "已被选定") : null),
        el("button", { type: "button", class: "btn btn-small", disabled: taken || chosen || full,
                       title: chosen ? "已在购物车中" : full ? "购物车已满5套" : "",
                       onclick: (e) => changeCart("add", id, e.currentTarget) }, chosen ? "已选择" : "选择"));
    }));
  }

  function cartList(formal) {
    const ids = cartIds();
    if (!ids.length) {
      return el("p", { class: "empty" }, formal ? "购物车是空的：点击“同步预选房源”或从可选房源中点击“选择”。"
                                                : "购物车是空的：从可选房源中点击“选择”添加意向房源（最多5套）。");
    }
    const firstFree = ids.find((id) => !isTaken(id));
    return el("ol", { class: "cart-list", "aria-label": "购物车" }, ids.map((id, index) => {
      const taken = isTaken(id);
      const move = (operation, text, disabled) => el("button", { type: "button", class: "btn btn-small btn-light",
        disabled, "aria-label": `${text}：${label(id)}`, onclick: (e) => changeCart(operation, id, e.currentTarget) }, text);
      const radioId = `final-${id}`;
      return el("li", { class: `cart-item${taken ? " taken" : ""}`, dataset: { room: label(id) } },
        el("div", { class: "cart-order", "aria-hidden": "true" }, String(index + 1)),
        el("div", { class: "room-main" },
          el("strong", {}, label(id)),
          el("span", { class: "room-facts" }, details(roomOf(id))),
          taken ? el("span", { class: "pill pill-taken" }, "已被在您之前的家庭选定，请删除后另选") : null,
          formal && !taken ? el("span", { class: "final-choice" },
            el("input", { type: "radio", name: "final-room", id: radioId, value: id, checked: id === firstFree }),
            el("label", { for: radioId }, "选定此房")) : null),
        el("div", { class: "cart-moves" },
          move("up", "上移", index === 0), move("down", "下移", index === ids.length - 1),
          move("top", "置顶", index === 0), move("remove", "删除", false)));
    }));
  }

  function selectionScreen(formal) {
    const me = F.state.me;
    const ids = cartIds();
    const preCount = (me.preselection || []).length;
    const head = formal
      ? el("div", { class: "stage-head" },
          el("h2", {}, "正选"),
          !F.state.synced && preCount
            ? el("div", { class: "sync-banner", role: "note" },
                el("p", {}, `您有${preCount}套预选房源。点击“确认同步”将其同步到购物车。${SYNC_WARNING}`),
                el("button", { type: "button", class: "btn btn-primary", onclick: (e) => sync(e.currentTarget, true) }, "确认同步"))
            : null,
          el("p", { class: "hint-line" }, "选房时间结束时仍未确认正选的，系统将自动为您选定购物车中未被其他家庭选定的第一序位房源。"))
      : el("div", { class: "stage-head" },
          el("h2", {}, "预选"),
          el("p", { class: "hint-line" }, "预选结果需在您的正选时间内同步并确认，否则作废。请慎重选择意向排序。"));
    const cartTools = formal
      ? el("div", { class: "actions" },
          el("button", { type: "button", class: "btn btn-light", onclick: (e) => sync(e.currentTarget, false) }, "同步预选房源"),
          el("button", { type: "button", class: "btn btn-approve", id: "confirm-final", disabled: !ids.some((id) => !isTaken(id)),
                         onclick: (e) => confirmRoom(e.currentTarget) }, "确认正选"))
      : null;
    return el("div", {},
      head,
      el("div", { class: "selection-grid" },
        el("section", { class: "rooms-column", "aria-labelledby": "rooms-title" },
          el("h3", { id: "rooms-title" }, "可选房源"),
          searchForm(),
          availableList()),
        el("section", { class: "cart-column", "aria-labelledby": "cart-title" },
          el("h3", { id: "cart-title" }, `购物车（${ids.length}/${MAX_CART}）`),
          cartList(formal),
          cartTools)));
  }

  function endedPage() {
    return el("div", { class: "stage-head" },
      el("h2", {}, "本场次选房已结束"),
      el("p", {}, "请查看“我的选房结果”。"),
      el("button", { type: "button", class: "btn btn-primary", onclick: () => F.open("fam-result") }, "我的选房结果"));
  }

  function drawSelection() {
    if (F.state.current !== "fam-select") return;
    const session = F.state.me && F.state.me.session;
    for (const item of (session && session.cart) || []) if (item.taken && catalogue.rooms.has(item.room_id)) roomOf(item.room_id).taken = true;
    const phase = F.phase();
    const body = $("select-body");
    if (phase === "none") {
      body.replaceChildren(el("p", { class: "empty" }, "您的家庭尚未分配选房场次，请留意住房保障部门的通知。"));
    } else if (phase === "ended") {
      body.replaceChildren(endedPage());
    } else if (phase === "formal" && F.state.me.session.entered) {
      body.replaceChildren(selectionScreen(true));
    } else if (phase === "preselection" && sessionStorage.getItem("family.rulesRead") === F.state.roundId) {
      body.replaceChildren(selectionScreen(false));
    } else {
      body.replaceChildren(rulesPage(phase));
    }
  }

  async function loadSelection() {
    window.Portal.loading($("select-body"), "正在读取房源…");
    await loadCatalogue();
    if (catalogue.results === null) await search();
    drawSelection();
  }

  // ---- 我的选房结果 ------------------------------------------------------------------------------------

  async function loadResult() {
    const body = $("result-body");
    window.Portal.loading(body, "正在读取选房结果…");
    const me = await F.refreshMe();
    await loadCatalogue();
    const s = me.session;
    const rows = [];
    if (!s) {
      body.replaceChildren(el("p", { class: "empty" }, "您的家庭尚未分配选房场次。"));
      return;
    }
    let verdict;
    if (s.room) {
      const room = roomOf(s.room);
      verdict = el("div", { class: "result ok" },
        el("h2", {}, "选房成功"),
        el("p", { class: "result-room" }, label(s.room)),
        el("p", {}, details(room)),
        el("p", {}, s.auto_assigned ? "选房时间结束时您未确认正选，系统已按您购物车的顺序自动选定第一套未被其他家庭选定的房源。"
                                   : "您已确认正选，选房结果不可更改。"),
        el("button", { type: "button", class: "btn btn-primary", onclick: () => F.open("fam-lease") }, "去签约"));
    } else if (s.gave_up) {
      verdict = el("div", { class: "result" }, el("h2", {}, "您已放弃本次选房"));
    } else if (F.phase() === "ended") {
      verdict = el("div", { class: "result" }, el("h2", {}, "本场次未选定住房"),
        el("p", {}, "您的购物车中没有未被其他家庭选定的房源，或未参与正选。如仍需选房，可申请补选。"),
        el("button", { type: "button", class: "btn btn-primary", onclick: () => F.open("fam-supplementary") }, "补选申请"));
    } else {
      verdict = el("div", { class: "result" }, el("h2", {}, "选房尚未结束"),
        el("p", {}, "本场次选房结束后，可在这里查看最终选房结果。"));
    }
    rows.push(verdict);
    rows.push(el("dl", { class: "facts" },
      el("dt", {}, "选房场次"), el("dd", {}, `第${s.number}场`),
      el("dt", {}, "选房排位"), el("dd", {}, `第${s.rank}位`),
      el("dt", {}, "正选时间"), el("dd", {}, `${formatTime(s.formal_start)} 至 ${formatTime(s.formal_end)}`)));
    body.replaceChildren(...rows);
  }

  // ---- 补选申请 ------------------------------------------------------------------------------------------

  function supplementaryWindow(round, me) {
    const mine = F.toDate(me.session.formal_end);
    const day = (d) => d.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" });
    const ends = (round.sessions || []).map((s) => F.toDate(s.formal_end)).filter((d) => day(d) === day(mine));
    const last = new Date(Math.max(mine.getTime(), ...ends.map((d) => d.getTime())) + 3 * 60 * 1000);
    return { opens: mine, closes: last };
  }

  async function loadSupplementary() {
    const body = $("supplementary-body");
    window.Portal.loading(body, "正在读取补选安排…");
    const [me, round] = [await F.refreshMe(), await F.loadRound()];
    if (!me.session) {
      body.replaceChildren(el("p", { class: "empty" }, "您的家庭尚未分配选房场次。"));
      return;
    }
    const w = supplementaryWindow(round, me);
    const outcome = el("div", { id: "supplementary-outcome", role: "status" });
    const apply = el("button", { type: "button", class: "btn btn-primary", onclick: async (e) => {
      try {
        const answer = await F.command("POST", `/api/v1/lottery/rounds/${F.state.roundId}/supplementary`, undefined, e.currentTarget);
        const why = answer.reason === "missed_session" ? "未在正选时间内参与选房" : "正选时间结束后未选定住房";
        apply.hidden = true;
        outcome.replaceChildren(el("div", { class: "result ok" }, el("h3", {}, "补选申请已提交"),
          el("p", {}, `申请原因：${why}。补选场次及时间请于当天正选场次结束后登录系统查看。`)));
      } catch (error) {
        outcome.replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
      }
    } }, "申请补选");
    body.replaceChildren(
      el("h2", {}, "补选申请"),
      el("p", {}, "未在正选时间内参与选房，或正选时间结束后未选定住房的家庭（主动放弃选房的除外），如仍需选房，可申请补选。"),
      el("dl", { class: "facts" },
        el("dt", {}, "申请时间"), el("dd", {}, `${formatTime(w.opens.toISOString())} 至 ${formatTime(w.closes.toISOString())}`),
        el("dt", {}, "截止说明"), el("dd", {}, "当天最后一个正选场次结束后3分钟内")),
      el("div", { class: "actions" }, apply),
      outcome);
  }

  // ---- 房源信息播报 ------------------------------------------------------------------------------------

  let statistics = null;

  function drawBroadcast() {
    if (F.state.current !== "fam-broadcast") return;
    const body = $("broadcast-body");
    const stats = statistics || {};
    const statusText = { planned: "未开始", open: "进行中", closed: "已结束" }[stats.status] || "—";
    const figures = [["场次状态", statusText], ["本场家庭", stats.families], ["可选房源", stats.offered],
                     ["已确认正选", stats.confirmed], ["系统自动选定", stats.auto_assigned], ["剩余房源", stats.left]];
    const byBuilding = new Map();
    for (const room of catalogue.rooms.values()) {
      if (!byBuilding.has(room.building)) byBuilding.set(room.building, []);
      byBuilding.get(room.building).push(room);
    }
    body.replaceChildren(
      el("h2", {}, `房源信息播报 · 第${stats.number || F.state.me.session.number}场`),
      el("p", { class: "hint-line" }, "房源被选定时，本页会即时更新，无需刷新。"),
      el("dl", { class: "stats" }, figures.map(([k, v]) => el("div", { class: "stat" },
        el("dt", {}, k), el("dd", {}, v === undefined ? "—" : String(v))))),
      el("div", { class: "live", role: "log", "aria-live": "polite", "aria-label": "最新选定" },
        recent.length ? recent.map((text) => el("div", {}, text)) : el("p", { class: "empty" }, "暂无新选定的房源。")),
      ...Array.from(byBuilding.entries()).sort().map(([building, rooms]) => el("section", { class: "building-rooms" },
        el("h3", {}, building || "—"),
        el("ul", { class: "tiles" }, rooms.sort((a, b) => String(a.room_number).localeCompare(String(b.room_number)))
          .map((room) => el("li", { class: `tile${room.taken ? " taken" : ""}` },
            el("span", { class: "tile-number" }, `${room.room_number}室`),
            el("span", { class: "tile-state" }, room.taken ? "已选定" : "可选")))))));
  }

  async function loadBroadcast() {
    window.Portal.loading($("broadcast-body"), "正在读取房源情况…");
    await loadCatalogue(true);
    statistics = await F.patiently("GET", `/api/v1/lottery/sessions/${F.state.me.session.session_id}/statistics`);
    drawBroadcast();
  }

  // ---- Live: the broadcast stream ----------------------------------------------------------------

  F.on("room_taken", (message) => {
    const room = catalogue.rooms.get(message.room_id);
    if (room && room.taken) return;
    if (room) room.taken = true;
    else catalogue.rooms.set(message.room_id, { room_id: message.room_id, taken: true });
    if (statistics) {
      statistics.confirmed = (statistics.confirmed || 0) + 1;
      statistics.left = Math.max((statistics.left || 1) - 1, 0);
    }
    recent.unshift(`${formatTime(message.at)} ${label(message.room_id)} 已被选定`);
    recent.splice(8);
    const cart = F.state.me && F.state.me.session ? F.state.me.session.cart || [] : [];
    for (const item of cart) if (item.room_id === message.room_id) item.taken = true;
    drawSelection();
    drawBroadcast();
  });

  F.on("window_closed", () => {
    setTimeout(() => F.refreshMe().then(() => F.reload()).catch((e) => notify(describe(e), "error")),
               300 + Math.random() * 1500);
  });

  F.on("resync", () => {
    loadCatalogue(true).then(() => { drawSelection(); drawBroadcast(); }).catch(() => undefined);
  });

  F.register("fam-select", loadSelection);
  F.register("fam-result", loadResult);
  F.register("fam-supplementary", loadSupplementary);
  F.register("fam-broadcast", loadBroadcast);
  window.FamilySelection = { label, roomOf };
})();
