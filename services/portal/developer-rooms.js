/* 房屋信息管理: 我的楼栋信息 (building rules, read-only, R000.3), 我的房屋电子图 (the room map in the sale
 * status colours), 我的房屋信息表 (every room with its info and state) and 单户信息 (room info for review,
 * R000.4/5; 合同签订 for a room for sale, R000.7). */
"use strict";

(function () {
  const { $, el, api, busy, notify, dash, table, stateCell, loading } = window.Portal;
  const staff = window.Portal.staff;
  const dev = window.Portal.developer;
  const { ROOM_STATUS, ROOM_STATUS_LABEL } = staff;
  const USAGES = Object.keys(dev.USAGE_LABEL);
  const ORIENTATIONS = Object.keys(dev.ORIENTATION_LABEL);
  const INFO_LABELS = { area_sqm: "建筑面积", usage: "用途", layout: "户型", orientation: "朝向",
                        price_per_sqm: "单价", saleable: "是否可售" };

  const shown = { projectId: null, map: null, buildings: [], buildingId: null };

  /** The project's room map and buildings (names and rules), for the chosen project. */
  async function loadProjectRooms(errorBox) {
    dev.showBox(errorBox, null);
    const project = await dev.currentProject().catch(() => null);
    if (!project) return null;
    const id = encodeURIComponent(project.project_id);
    try {
      const [map, buildings] = await Promise.all([
        api("GET", `/api/v1/projects/${id}/room-map`), api("GET", `/api/v1/projects/${id}/buildings`)]);
      if (shown.projectId !== project.project_id) shown.buildingId = null;
      Object.assign(shown, { projectId: project.project_id, map, buildings: buildings.buildings });
      return shown;
    } catch (error) {
      if (error.status !== 401) dev.showBox(errorBox, dev.explainError(error));
      return null;
    }
  }

  const buildingName = (buildingId) => (shown.buildings.find((b) => b.building_id === buildingId) || {}).name || "楼栋";
  const statusLabel = (status) => ROOM_STATUS_LABEL[status] || "未知状态";
  const roomOrder = (a, b) => a.floor - b.floor || String(a.room_number).localeCompare(String(b.room_number), "zh-CN",
                                                                                          { numeric: true });

  // ---- 我的楼栋信息 ----------------------------------------------------------------------------------

  async function loadBuildings() {
    const target = $("buildings-table");
    loading(target);
    $("building-rules").hidden = true;
    const project = await dev.currentProject().catch(() => null);
    if (!project) { dev.emptyWithoutProject(target); return; }
    const found = await loadProjectRooms("buildings-error");
    if (!found) { target.replaceChildren(); return; }
    if (found.buildings.length === 0) {
      target.replaceChildren(el("p", { class: "empty" }, "房管局还没有为该项目设置楼栋规则。"));
      return;
    }
    target.replaceChildren(table(["楼栋名称", "层数", "每层户数", "房屋套数", ""], found.buildings.map((b) => [
      b.name, `${b.floors} 层`, `${b.units_per_floor} 户`, `${b.room_count} 套`,
      el("button", { type: "button", class: "btn btn-small btn-light", onclick: () => showRules(b) }, "查看楼栋规则"),
    ])));
  }

  function showRules(building) {
    const box = $("building-rules");
    box.replaceChildren(
      el("h3", {}, `${building.name} 楼栋规则`),
      el("dl", { class: "facts" }, [
        ["楼栋名称", building.name], ["地上层数", `${building.floors} 层`], ["每层户数", `${building.units_per_floor} 户`],
        ["房屋套数", `${building.room_count} 套`], ["房号规则", "楼层号 + 两位户号（如 12 层 1 户为 1201）"],
        ["房号范围", `${building.first_room} 至 ${building.last_room}`],
      ].map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      el("p", { class: "hint" }, "楼栋规则仅房管局有权设置和修改；如有错误，请联系房管局。"));
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }

  // ---- 我的房屋电子图 --------------------------------------------------------------------------------

  function renderLegend() {
    $("legend").replaceChildren(...ROOM_STATUS.map(([status, label]) =>
      el("span", { class: "legend-item" }, el("span", { class: `swatch st-${status}` }), label)));
  }

  async function loadRoomMap() {
    const target = $("room-map");
    if (!shown.map) loading(target);
    const project = await dev.currentProject().catch(() => null);
    if (!project) {
      dev.emptyWithoutProject(target);
      $("building-picker").replaceChildren();
      return;
    }
    const found = await loadProjectRooms("room-map-error");
    if (!found) { target.replaceChildren(); return; }
    renderRoomMap();
  }

  function renderRoomMap() {
    const target = $("room-map");
    const { map, buildings } = shown;
    if (buildings.length === 0) {
      $("building-picker").replaceChildren();
      target.replaceChildren(el("p", { class: "empty" }, "房管局还没有为该项目设置楼栋规则，暂无房屋。"));
      $("room-detail").hidden = true;
      return;
    }
    if (!buildings.some((b) => b.building_id === shown.buildingId)) shown.buildingId = buildings[0].building_id;
    $("building-picker").replaceChildren(...buildings.map((b) => el("button", {
      type: "button", class: "btn btn-small building-choice", "aria-pressed": String(b.building_id === shown.buildingId),
      onclick: () => { shown.buildingId = b.building_id; renderRoomMap(); },
    }, b.name)));
    const rooms = map.rooms.filter((r) => r.building_id === shown.buildingId).sort(roomOrder);
    const floors = new Map();
    for (const room of rooms) {
      if (!floors.has(room.floor)) floors.set(room.floor, []);
      floors.get(room.floor).push(room);
    }
    const selected = $("room-detail").dataset.roomId;
    const columns = Math.max(1, ...Array.from(floors.values(), (r) => r.length));
    const rows = Array.from(floors.keys()).sort((a, b) => b - a).map((floor) => {
      const cells = floors.get(floor).map((room) => el("td", {}, el("button", {
        type: "button", class: `room st-${room.status}` + (room.room_id === selected ? " selected" : ""),
        "aria-label": `${room.room_number} 号房，${statusLabel(room.status)}`,
        dataset: { roomId: room.room_id, status: room.status },
        onclick: () => showRoom($("room-detail"), room),
      }, el("span", { class: "room-number" }, room.room_number),
         el("span", { class: "room-status" }, statusLabel(room.status)))));
      while (cells.length < columns) cells.push(el("td", { class: "no-room" }));
      return el("tr", {}, el("th", { scope: "row" }, `${floor} 层`), cells);
    });
    const counts = {};
    for (const room of rooms) counts[room.status] = (counts[room.status] || 0) + 1;
    const summary = ROOM_STATUS.filter(([s]) => counts[s]).map(([s, label]) => `${label} ${counts[s]}`).join(" · ");
    target.replaceChildren(el("div", { class: "building" },
      el("h3", {}, `${map.name} · ${buildingName(shown.buildingId)}`, el("span", { class: "building-summary" }, summary)),
      el("div", { class: "table-scroll" }, el("table", { class: "room-grid" }, el("tbody", {}, rows)))));
    const room = selected && map.rooms.find((r) => r.room_id === selected);
    if (room) showRoom($("room-detail"), room); else $("room-detail").hidden = true;
  }

  // ---- 我的房屋信息表 --------------------------------------------------------------------------------

  async function loadRoomTable() {
    const target = $("room-table");
    loading(target);
    const project = await dev.currentProject().catch(() => null);
    if (!project) { dev.emptyWithoutProject(target); return; }
    const found = await loadProjectRooms("room-table-error");
    if (!found) { target.replaceChildren(); return; }
    renderRoomTable();
  }

  function renderRoomTable() {
    const target = $("room-table");
    const rooms = [...shown.map.rooms].sort((a, b) =>
      buildingName(a.building_id).localeCompare(buildingName(b.building_id), "zh-CN", { numeric: true }) || roomOrder(a, b));
    if (rooms.length === 0) {
      target.replaceChildren(el("p", { class: "empty" }, "该项目还没有房屋。"));
      $("room-table-detail").hidden = true;
      return;
    }
    target.replaceChildren(table(["楼栋", "房号", "楼层", "销售状态", "用途", "户型", "建筑面积", "朝向", "单价"],
      rooms.map((room) => {
        const info = room.info || {};
        return [
          buildingName(room.building_id),
          el("button", { type: "button", class: "btn btn-small btn-light room-link", dataset: { roomId: room.room_id },
                         "aria-label": `${room.room_number} 号房单户信息`,
                         onclick: () => showRoom($("room-table-detail"), room) }, room.room_number),
          `${room.floor} 层`,
          stateCell(statusLabel(room.status), `room-pill st-${room.status}`),
          dash(dev.USAGE_LABEL[info.usage]), dash(info.layout), info.area_sqm ? `${info.area_sqm} ㎡` : "—",
          dash(dev.ORIENTATION_LABEL[info.orientation]), info.price_per_sqm ? `${info.price_per_sqm} 元/㎡` : "—",
        ];
      })));
    const selected = $("room-table-detail").dataset.roomId;
    const room = selected && rooms.find((r) => r.room_id === selected);
    if (room) showRoom($("room-table-detail"), room); else $("room-table-detail").hidden = true;
  }

  // ---- 单户信息 ----------------------------------------------------------------------------------------

  function showRoom(detail, room) {
    detail.dataset.roomId = room.room_id;
    for (const button of document.querySelectorAll("#room-map .room")) {
      button.classList.toggle("selected", button.dataset.roomId === room.room_id);
    }
    const info = room.info || {};
    const actions = [];
    if (room.status === "available") {
      actions.push(el("button", { type: "button", class: "btn btn-primary", onclick: () => dev.startSigning(room) },
                      "合同签订"));
    }
    const body = [];
    if (room.status === "no_info") body.push(el("div", { class: "room-info-slot" }, el("p", { class: "loading" }, "加载中…")));
    detail.replaceChildren(...[
      el("div", { class: "detail-head" }, el("h3", {}, `单户信息 · ${buildingName(room.building_id)} ${room.room_number} 号房`),
         el("div", { class: "actions" }, actions)),
      el("dl", { class: "facts" }, [
        ["销售状态", statusLabel(room.status)], ["楼层", `${room.floor} 层`], ["用途", dev.USAGE_LABEL[info.usage]],
        ["户型", info.layout], ["建筑面积", info.area_sqm ? `${info.area_sqm} ㎡` : null],
        ["朝向", dev.ORIENTATION_LABEL[info.orientation]],
        ["单价", info.price_per_sqm ? `${info.price_per_sqm} 元/㎡` : null],
        ["合同", room.contract_id ? "已有合同（见合同管理）" : null],
      ].map(([k, v]) => [el("dt", {}, k), el("dd", {}, dash(v))])),
      ...body,
      room.status === "pending_review" ? el("p", { class: "hint" }, "单户信息已提交，正在等待房管局审核。") : null,
      room.status === "not_for_sale" ? el("p", { class: "hint" }, "该房屋为不可售房屋（如物业用房），不能签约。") : null,
    ].filter(Boolean));
    detail.hidden = false;
    if (room.status === "no_info") showInfoForm(detail, room);
  }

  /** The room-info form for a room without info; the bureau's reasons when it returned the last one. */
  async function showInfoForm(detail, room) {
    let reasons = [];
    try {
      const full = await api("GET", `/api/v1/rooms/${encodeURIComponent(room.room_id)}`);
      reasons = full.review_state === "rejected" ? full.rejection_reasons : [];
    } catch (error) {
      if (error.status === 401) return;
    }
    const slot = detail.querySelector(".room-info-slot");
    if (!slot || detail.dataset.roomId !== room.room_id) return;
    const id = (name) => `${detail.id}-${name}`;
    const select = (name, values, labels) => el("select", { id: id(name), name },
      el("option", { value: "" }, "请选择"), values.map((v) => el("option", { value: v }, labels[v])));
    const error = el("div", { class: "error", role: "alert", hidden: true });
    const submit = el("button", { type: "submit", class: "btn btn-primary" }, "修改申请");
    const form = el("form", { class: "info-form", novalidate: true },
      reasons.length ? el("div", { class: "error" }, `房管局退回了上次提交的信息：${reasons.join("；")}。请修改后重新提交。`) : null,
      el("div", { class: "form-grid" },
        el("label", { for: id("area") }, "建筑面积（平方米）"),
        el("input", { id: id("area"), name: "area_sqm", inputmode: "decimal", maxlength: 12, autocomplete: "off" }),
        el("label", { for: id("usage") }, "用途"), select("usage", USAGES, dev.USAGE_LABEL),
        el("label", { for: id("layout") }, "户型"),
        el("input", { id: id("layout"), name: "layout", maxlength: 40, placeholder: "如 3室2厅2卫", autocomplete: "off" }),
        el("label", { for: id("orientation") }, "朝向"), select("orientation", ORIENTATIONS, dev.ORIENTATION_LABEL),
        el("label", { for: id("price") }, "单价（元/平方米）"),
        el("input", { id: id("price"), name: "price_per_sqm", inputmode: "decimal", maxlength: 12, autocomplete: "off" }),
        el("span", {}),
        el("label", { class: "check" }, el("input", { type: "checkbox", name: "saleable", checked: true }),
           " 可予销售（物业用房等不可售房屋请取消勾选）")),
      error, el("div", { class: "actions" }, submit));
    form.addEventListener("submit", (event) => { event.preventDefault(); submitInfo(form, submit, error, room); });
    slot.replaceWith(el("div", {}, el("h3", {}, "填写单户信息"), form));
  }

  function infoFrom(form) {
    const value = (name) => form.elements[name].value.trim();
    const info = { area_sqm: value("area_sqm"), usage: value("usage"), layout: value("layout"),
                   orientation: value("orientation"), price_per_sqm: value("price_per_sqm"),
                   saleable: form.elements.saleable.checked };
    const missing = Object.entries(info).filter(([, v]) => v === "").map(([k]) => INFO_LABELS[k]);
    if (missing.length) return { problem: `请填写：${missing.join("、")}。` };
    for (const key of ["area_sqm", "price_per_sqm"]) {
      const text = info[key].replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0));
      if (!/^\d{1,9}(\.\d{1,2})?$/.test(text) || Number(text) < 1) {
        return { problem: `“${INFO_LABELS[key]}”请填写大于等于 1 的数字，最多两位小数，如 89.50。` };
      }
      info[key] = text;
    }
    const layoutProblem = dev.textProblem(info.layout, "户型", 40, true);
    return layoutProblem ? { problem: layoutProblem } : { info };
  }

  async function submitInfo(form, button, error, room) {
    const { info, problem } = infoFrom(form);
    error.textContent = problem || "";
    error.hidden = !problem;
    if (problem) return;
    await busy(button, async () => {
      try {
        await api("PUT", `/api/v1/rooms/${encodeURIComponent(room.room_id)}/info`, { info });
      } catch (failure) {
        if (failure.status === 401) return;
        error.textContent = dev.explainError(failure, INFO_LABELS);
        error.hidden = false;
        return;
      }
      notify(`${room.room_number} 号房的单户信息已提交，等待房管局审核。`, "ok");
      await followRoom(room.room_id, (status) => status !== "no_info");
    }, "提交中…");
  }

  /** Reload the map until the room's status satisfies `done` (the map follows events through the broker). */
  async function followRoom(roomId, done) {
    const projectId = shown.projectId;
    if (!projectId) return;
    await dev.until(() => api("GET", `/api/v1/projects/${encodeURIComponent(projectId)}/room-map`).catch(() => null),
      (map) => !map || done((map.rooms.find((r) => r.room_id === roomId) || {}).status)).then((map) => {
      if (map && shown.projectId === projectId) shown.map = map;
    });
    if (!$("dev-rooms").hidden) renderRoomMap();
    if (!$("dev-room-table").hidden) renderRoomTable();
  }

  function forget() {
    Object.assign(shown, { projectId: null, map: null, buildings: [], buildingId: null });
    for (const id of ["room-map", "room-table", "buildings-table", "building-picker"]) $(id).replaceChildren();
    for (const id of ["room-detail", "room-table-detail", "building-rules"]) {
      $(id).hidden = true;
      delete $(id).dataset.roomId;
    }
    for (const id of ["room-map-error", "room-table-error", "buildings-error"]) dev.showBox(id, null);
  }

  dev.followRoom = followRoom;

  staff.register({
    "dev-buildings": () => loadBuildings(),
    "dev-rooms": () => loadRoomMap(),
    "dev-room-table": () => loadRoomTable(),
  }, forget, () => {
    renderLegend();
    $("room-map-refresh").addEventListener("click", (e) => busy(e.currentTarget, () => loadRoomMap()));
    $("room-table-refresh").addEventListener("click", (e) => busy(e.currentTarget, () => loadRoomTable()));
  });
})();
