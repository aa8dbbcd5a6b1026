/* 商品房网签备案业务门户 — projects with their presale permits (R000.2) and their buildings' rules
 * (楼栋规则, set and changed by the bureau only, R000.3). */
"use strict";

(function () {
  const { $, el, api, describe, notify, showError, dash, ask, table, busy, explain } = window.Portal;
  const staff = window.Portal.staff;
  const { facts, today, CONTROL, problem } = window.Portal.bureau;

  explain({
    room_has_info: "减少层数或每层户数会删去已录入信息的房屋，不能这样修改；请保留这些房号。",
    developer_not_found: "没有找到该开发企业，请刷新后重试。",
    project_not_found: "没有找到该项目，请刷新后重试。",
  });

  const developerNames = new Map();
  let openProject = null;

  /** Fill the enterprise choice with admitted developers (a project belongs to one, R000.2). */
  async function loadDeveloperChoice() {
    const developers = (await api("GET", "/api/v1/developers")).developers || [];
    developerNames.clear();
    for (const d of developers) developerNames.set(d.developer_id, d.name);
    const admitted = developers.filter((d) => d.admitted);
    const select = $("rec-project-developer");
    const chosen = select.value;
    select.replaceChildren(
      el("option", { value: "" }, admitted.length ? "请选择已入网的开发企业" : "暂无已入网的开发企业"),
      ...admitted.map((d) => el("option", { value: d.developer_id }, d.name)));
    if (admitted.some((d) => d.developer_id === chosen)) select.value = chosen;
  }

  async function loadProjects() {
    const target = $("rec-projects-table");
    showError("rec-projects-error", null);
    target.replaceChildren(el("p", { class: "loading", role: "status" }, "加载中…"));
    try {
      await loadDeveloperChoice();
      const projects = (await api("GET", "/api/v1/projects")).projects || [];
      if (projects.length === 0) {
        target.replaceChildren(el("p", { class: "empty" }, "还没有登记的项目。请在上方登记项目及其预售许可证。"));
        return;
      }
      target.replaceChildren(table(
        ["项目名称", "开发企业", "预售许可证号", "发证日期", "楼栋", "操作"],
        projects.map((p) => [
          p.name,
          dash(developerNames.get(p.developer_id)),
          dash(p.permit_number),
          dash(p.permit_issued_on),
          `${p.building_ids.length} 栋`,
          el("button", { type: "button", class: "btn btn-small", dataset: { projectId: p.project_id },
                         onclick: (e) => showBuildings(p, e.currentTarget) }, "楼栋规则"),
        ])));
      if (openProject) {
        const still = projects.find((p) => p.project_id === openProject.project_id);
        if (still) await showBuildings(still);
      }
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("rec-projects-error", error);
    }
  }

  async function registerProject(event) {
    event.preventDefault();
    showError("rec-project-form-error", null);
    const body = {
      developer_id: $("rec-project-developer").value,
      name: $("rec-project-name").value.trim(),
      permit_number: $("rec-project-permit").value.trim(),
      permit_issued_on: $("rec-project-permit-date").value,
    };
    const wrong = !body.developer_id ? "请选择开发企业。"
      : !body.name ? "请填写项目名称。"
      : body.name.length > 200 || CONTROL.test(body.name) ? "项目名称不超过 200 字，且不能含有无法识别的字符。"
      : !body.permit_number ? "请填写预售许可证号。"
      : body.permit_number.length > 60 || CONTROL.test(body.permit_number) ? "预售许可证号不超过 60 字。"
      : !body.permit_issued_on ? "请选择预售许可证的发证日期。"
      : body.permit_issued_on > today() ? "发证日期不能晚于今天，请核对预售许可证。" : null;
    if (wrong) return showError("rec-project-form-error", problem(wrong));
    await busy($("rec-project-submit"), async () => {
      try {
        await api("POST", "/api/v1/projects", body);
        for (const id of ["rec-project-name", "rec-project-permit"]) $(id).value = "";
        notify(`已登记项目“${body.name}”，请设置楼栋规则。`, "ok");
        await loadProjects();
      } catch (error) {
        if (error.status !== 401) showError("rec-project-form-error", error);
      }
    }, "登记中…");
  }

  // ---- Buildings and their rules -----------------------------------------------------------------

  async function showBuildings(project, button) {
    openProject = project;
    const box = $("rec-project-detail");
    await busy(button, async () => {
      try {
        const buildings = (await api("GET", `/api/v1/projects/${encodeURIComponent(project.project_id)}/buildings`)).buildings || [];
        const form = buildingForm(project);
        box.replaceChildren(
          el("h3", {}, `${project.name} · 楼栋规则`),
          facts([["开发企业", dash(developerNames.get(project.developer_id))], ["预售许可证号", dash(project.permit_number)],
                 ["发证日期", dash(project.permit_issued_on)], ["楼栋数", `${buildings.length} 栋`]]),
          buildings.length
            ? table(["楼栋", "层数", "每层户数", "房屋数", "房号示例", "操作"], buildings.map((b) => [
                b.name, `${b.floors} 层`, `${b.units_per_floor} 户`, `${b.room_count} 套`,
                `101 … ${b.floors}${String(b.units_per_floor).padStart(2, "0")}`,
                el("button", { type: "button", class: "btn btn-small btn-light",
                               onclick: (e) => changeRules(project, b, e.currentTarget) }, "修改规则"),
              ]))
            : el("p", { class: "empty" }, "该项目还没有楼栋。请在下方设置第一栋楼的规则。"),
          form);
        box.hidden = false;
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
      }
    });
  }

  function numberField(id, label, max) {
    return [el("label", { for: id }, label),
            el("input", { id, type: "number", min: 1, max, step: 1, required: true, inputmode: "numeric" })];
  }

  /** 1..max as a whole number, or null. */
  function wholeNumber(text, max) {
    if (!/^\d{1,3}$/.test(text.trim())) return null;
    const value = Number(text);
    return value >= 1 && value <= max ? value : null;
  }

  function buildingForm(project) {
    const error = el("div", { class: "error", role: "alert", hidden: true });
    const submit = el("button", { type: "submit", class: "btn btn-primary" }, "设置楼栋规则");
    const form = el("form", { class: "card building-form", novalidate: true },
      el("h3", {}, "新增楼栋"),
      el("div", { class: "form-grid" },
        el("label", { for: "rec-building-name" }, "楼栋名称"),
        el("input", { id: "rec-building-name", maxlength: 60, placeholder: "例如 1栋", required: true }),
        numberField("rec-building-floors", "层数（1–120）", 120),
        numberField("rec-building-units", "每层户数（1–40）", 40)),
      el("p", { class: "hint" }, "房号按“楼层 + 两位户号”编排，如 12 层 1 户为 1201。设置后即生成全部房屋。"),
      error, el("div", { class: "actions" }, submit));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const name = $("rec-building-name").value.trim();
      const floors = wholeNumber($("rec-building-floors").value, 120);
      const units = wholeNumber($("rec-building-units").value, 40);
      const wrong = !name ? "请填写楼栋名称。"
        : name.length > 60 || CONTROL.test(name) ? "楼栋名称不超过 60 字，且不能含有无法识别的字符。"
        : floors === null ? "层数应为 1 至 120 的整数。"
        : units === null ? "每层户数应为 1 至 40 的整数。" : null;
      if (wrong) {
        error.textContent = wrong;
        error.hidden = false;
        return;
      }
      error.hidden = true;
      await busy(submit, async () => {
        try {
          const answer = await api("POST", `/api/v1/projects/${encodeURIComponent(project.project_id)}/buildings`,
                                   { name, floors, units_per_floor: units });
          notify(`已设置“${name}”的楼栋规则，生成 ${answer.rooms.length} 套房屋。`, "ok");
          await loadProjects();
        } catch (failure) {
          if (failure.status === 401) return;
          error.textContent = describe(failure);
          error.hidden = false;
        }
      }, "设置中…");
    });
    return form;
  }

  async function changeRules(project, building, button) {
    const answer = await ask({
      title: `修改楼栋规则 · ${building.name}`,
      message: "增加的房号将生成新房屋；减少的房号只有在尚未录入房屋信息时才能删去。",
      confirmLabel: "保存修改",
      fields: [
        { name: "floors", label: "层数（1–120）", type: "number", required: true, value: String(building.floors) },
        { name: "units_per_floor", label: "每层户数（1–40）", type: "number", required: true,
          value: String(building.units_per_floor) },
      ],
    });
    if (answer === null) return;
    const floors = wholeNumber(answer.floors, 120);
    const units = wholeNumber(answer.units_per_floor, 40);
    if (floors === null || units === null) {
      notify("层数应为 1 至 120、每层户数应为 1 至 40 的整数，请重新修改。", "error");
      return;
    }
    await busy(button, async () => {
      try {
        const change = await api("PUT", `/api/v1/buildings/${encodeURIComponent(building.building_id)}/rules`,
                                 { floors, units_per_floor: units });
        notify(`已修改“${building.name}”的楼栋规则：新增 ${change.added.length} 套，删去 ${change.removed.length} 套。`, "ok");
        await showBuildings(project);
      } catch (error) {
        if (error.status !== 401) notify(describe(error), "error");
      }
    });
  }

  // ---- Wiring ------------------------------------------------------------------------------------

  function forget() {
    openProject = null;
    developerNames.clear();
    for (const id of ["rec-projects-table", "rec-project-detail"]) $(id).replaceChildren();
    $("rec-project-detail").hidden = true;
    $("rec-project-form").reset();
    showError("rec-projects-error", null);
    showError("rec-project-form-error", null);
  }

  staff.register({ "bureau-projects": () => loadProjects() }, forget, () => {
    $("rec-project-form").addEventListener("submit", registerProject);
    $("rec-projects-refresh").addEventListener("click", () => loadProjects());
  });
})();
