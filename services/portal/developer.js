/* 商品房网签备案业务门户 — the developer clerk's pages: the room map and the contracts. */
"use strict";

(function () {
  const { $, el, api, ApiError, describe, notify, showError, shortId, dash, formatTime, sleep, ask,
          table, stateCell } = window.Portal;
  const staff = window.Portal.staff;
  const { ROOM_STATUS, ROOM_STATUS_LABEL, CONTRACT_STATE_LABEL, USAGE_LABEL, CANCEL_REASON_LABEL,
          pdfButtons, projectName } = staff;
  const PROJECT_KEY = "portal.last_project_id";

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
    const answerOf = await ask({
      title: `为房间 ${room.room_number} 起草合同`,
      fields: [{ name: "buyer_name", label: "购房人姓名", required: true }],
      confirmLabel: "起草合同",
    });
    if (answerOf === null) return;
    const buyerName = answerOf.buyer_name;
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

  // ---- Wiring ------------------------------------------------------------------------------------

  function forget() {
    currentMap = null;
    for (const id of ["room-map", "contracts-table", "project-ids"]) $(id).replaceChildren();
    $("project-id").value = "";
    $("project-title").hidden = true;
    $("room-detail").hidden = true;
    delete $("room-detail").dataset.roomId;
    for (const id of ["room-map-error", "contracts-error"]) showError(id, null);
  }

  staff.register({ "dev-rooms": () => startRoomMap(), "dev-contracts": () => loadContracts() }, forget, () => {
    renderLegend();
    $("project-form").addEventListener("submit", (event) => { event.preventDefault(); loadRoomMap(); });
    $("room-map-refresh").addEventListener("click", () => loadRoomMap());
    $("contracts-refresh").addEventListener("click", () => loadContracts());
  });
})();
