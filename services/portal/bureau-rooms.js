/* 商品房网签备案业务门户 — the review of room info (R000.4, R000.5): the rooms developers submitted, 通过
 * (which publishes the room, 准予公示) or 退回 with reasons. */
"use strict";

(function () {
  const { $, el, api, describe, notify, showError, dash, ask, table, busy } = window.Portal;
  const staff = window.Portal.staff;
  const { askReasons } = window.Portal.bureau;

  const ORIENTATION_LABEL = { N: "朝北", S: "朝南", E: "朝东", W: "朝西", NE: "东北", NW: "西北", SE: "东南",
                              SW: "西南", NS: "南北", EW: "东西" };
  const USAGE_LABEL = { ...staff.USAGE_LABEL, parking: "车位", storage: "储藏室" };

  let shown = [];

  async function fetchRooms() {
    const project = $("review-project").value;
    const query = project ? `?project_id=${encodeURIComponent(project)}` : "";
    return (await api("GET", `/api/v1/rooms${query}`)).rooms || [];
  }

  function infoCells(info) {
    const i = info || {};
    return [
      i.area_sqm ? `${i.area_sqm} ㎡` : "—",
      USAGE_LABEL[i.usage] || "—",
      dash(i.layout),
      ORIENTATION_LABEL[i.orientation] || "—",
      i.price_per_sqm ? `${i.price_per_sqm} 元/㎡` : "—",
      i.saleable === false ? "不可售" : "可售",
    ];
  }

  function label(room) {
    return `${room.project_name} ${room.building_name} ${room.room_number}`;
  }

  async function loadRooms(preloaded) {
    const target = $("rooms-table");
    showError("rooms-error", null);
    if (!preloaded) target.replaceChildren(el("p", { class: "loading", role: "status" }, "加载中…"));
    try {
      const rooms = preloaded || await fetchRooms();
      shown = rooms;
      $("rooms-publish-all").disabled = rooms.length === 0;
      if (rooms.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "没有待审核的房屋信息。"));
        return;
      }
      target.replaceChildren(table(
        ["项目", "楼栋", "房号", "楼层", "建筑面积", "用途", "户型", "朝向", "申报单价", "销售", "操作"],
        rooms.map((r) => [
          r.project_name, r.building_name, el("strong", {}, r.room_number), `${r.floor} 层`,
          ...infoCells(r.proposed_info),
          el("span", { class: "nowrap" },
            el("button", { type: "button", class: "btn btn-small btn-approve",
                           onclick: (e) => approveRoom(r, e.currentTarget) }, "通过"),
            el("button", { type: "button", class: "btn btn-small btn-reject",
                           onclick: (e) => rejectRoom(r, e.currentTarget) }, "退回")),
        ])));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("rooms-error", error);
    }
  }

  function review(room, body) {
    return api("POST", `/api/v1/rooms/${encodeURIComponent(room.room_id)}/review`, body);
  }

  /** Decide one room, then show the queue without it. */
  function decideRoom(room, button, call, doneText) {
    return staff.decide(button, call, doneText, fetchRooms, (r) => r.room_id === room.room_id, loadRooms);
  }

  async function approveRoom(room, button) {
    const i = room.proposed_info || {};
    if (!await ask({
      title: `审核通过 · ${label(room)}`,
      message: [`${dash(i.area_sqm)} ㎡ · ${USAGE_LABEL[i.usage] || "—"} · ${dash(i.layout)} · ${ORIENTATION_LABEL[i.orientation] || "—"}`,
                `申报单价 ${dash(i.price_per_sqm)} 元/㎡ · ${i.saleable === false ? "不可售（如物业用房）" : "可售"}`,
                "通过即准予公示：该房屋信息对外公布，可售房屋即可网上签约。"],
      confirmLabel: "通过并准予公示",
    })) return;
    return decideRoom(room, button, () => review(room, { approve: true }), `${label(room)} 已通过审核并准予公示。`);
  }

  async function rejectRoom(room, button) {
    const reasons = await askReasons(`退回房屋信息 · ${label(room)}`, "退回后开发企业可修改房屋信息并重新申请。");
    if (reasons === null) return;
    return decideRoom(room, button, () => review(room, { approve: false, reasons }),
                      `${label(room)} 已退回，开发企业可修改后重新申请。`);
  }

  /** 准予公示 for every room the list shows, one review each; the ones that fail are named. */
  async function publishAll(button) {
    const rooms = shown.slice();
    if (rooms.length === 0) return;
    if (!await ask({
      title: "全部通过并准予公示",
      message: [`将通过列表中的 ${rooms.length} 套房屋信息并准予公示。`, "请确认已逐条核对面积、用途、户型和单价。"],
      confirmLabel: "准予公示",
    })) return;
    await busy(button, async () => {
      const failed = [];
      for (const room of rooms) {
        try {
          await review(room, { approve: true });
        } catch (error) {
          if (error.status === 401) return;
          failed.push(`${room.room_number}（${describe(error)}）`);
        }
      }
      if (failed.length) notify(`以下房屋未能公示：${failed.join("；")}`, "error");
      else notify(`已准予公示 ${rooms.length} 套房屋。`, "ok");
      await loadRooms();
    }, "公示中…");
  }

  async function loadProjectChoice() {
    const select = $("review-project");
    const chosen = select.value;
    try {
      const projects = (await api("GET", "/api/v1/projects")).projects || [];
      select.replaceChildren(el("option", { value: "" }, "全部项目"),
                             ...projects.map((p) => el("option", { value: p.project_id }, p.name)));
      if (projects.some((p) => p.project_id === chosen)) select.value = chosen;
    } catch (error) {
      if (error.status !== 401) showError("rooms-error", error);
    }
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  function forget() {
    shown = [];
    $("rooms-table").replaceChildren();
    $("review-project").replaceChildren(el("option", { value: "" }, "全部项目"));
    showError("rooms-error", null);
  }

  staff.register({ "bureau-rooms": async () => { await loadProjectChoice(); await loadRooms(); } }, forget, () => {
    $("rooms-refresh").addEventListener("click", () => loadRooms());
    $("review-project").addEventListener("change", () => loadRooms());
    $("rooms-publish-all").addEventListener("click", (e) => publishAll(e.currentTarget));
  });
})();
