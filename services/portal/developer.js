/* 商品房网签备案业务门户 — the developer clerk's pages, part 1: the chooser of the developer's own projects
 * and what the other developer-*.js pages share (window.Portal.developer). The pages themselves are in
 * developer-enterprise.js, developer-rooms.js, developer-clauses.js and developer-contracts.js. */
"use strict";

(function () {
  const { $, el, api, describe, fieldProblems, explain, sleep, shortId, hooks } = window.Portal;
  const staff = window.Portal.staff;

  explain({
    developer_not_found: "没有找到本企业的信息，请联系房管局核实入网手续。",
    project_not_found: "没有找到该项目，请刷新后重新选择项目。",
    room_not_found: "没有找到该房屋，请刷新房屋电子图后重试。",
    contract_not_found: "没有找到该合同，请刷新后重试。",
    building_not_found: "没有找到该楼栋，请刷新后重试。",
    other_organisation: "该记录属于其他企业，您无权查看或办理。",
    invalid_image: "所选文件不是可以识别的 PNG 或 JPEG 图片，请换一张图片。",
    image_too_large: "图片太大（最大 2 MB，每边不超过 8000 像素），请压缩后再上传。",
    image_type_mismatch: "图片的实际格式与文件类型不符，请另存为 PNG 或 JPEG 后再上传。",
    unsupported_media_type: "只能上传 PNG 或 JPEG 格式的图片。",
    room_has_info: "该房屋已有单户信息，无需再次录入。",
    room_retired: "该房屋已被房管局从楼栋规则中删除。",
    room_already_published: "该房屋的信息已审核公示，不能再修改。",
    room_review_pending: "该房屋的信息正在等待房管局审核，请耐心等待审核结果。",
    room_not_available: "该房屋现在不可售（可能已被签约或尚未公示），请刷新房屋电子图后查看。",
    contract_immutable: "该合同已确认签约，不能再修改。",
    required_blanks_missing: "合同还有必填的空格没有填写，请补全后再操作。",
    preview_required: "请先打印当前内容的预览合同，交购房人审阅无误后再正式打印。",
    confirmation_window_expired: "正式打印已超过 24 小时，合同已自动失效，房屋已恢复为可售。",
    invalid_contract_state: "合同的状态已经变化，请刷新后查看。",
    unknown_section: "没有这一条款，请刷新页面后重试。",
    invalid_clause_values: "条款中有填写不正确的空格，请按提示修改。",
  });

  const USAGE_LABEL = {
    residential: "住宅", commercial: "商业", office: "办公", parking: "车位", storage: "储藏室",
    property_management: "物业用房",
  };
  const ORIENTATION_LABEL = {
    S: "南", N: "北", E: "东", W: "西", NS: "南北", EW: "东西", SE: "东南", SW: "西南", NE: "东北", NW: "西北",
  };
  const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;  // eslint-disable-line no-control-regex

  /** A Chinese sentence if `value` cannot be sent for the field `label`, else null. */
  function textProblem(value, label, maxLength, required) {
    if (required && !value.trim()) return `请填写“${label}”。`;
    if (value.length > maxLength) {
      return `“${label}”最多 ${maxLength} 个字，现在有 ${value.length} 个字，请删减后再保存。`;
    }
    if (CONTROL.test(value)) return `“${label}”中含有不可见的控制字符，请删除后再保存（可重新输入该内容）。`;
    return null;
  }

  /** The error's sentence, naming the fields the server found wrong when it said which (labels: key -> 中文). */
  function explainError(error, labels) {
    const problems = fieldProblems(error);
    const named = [];
    const walk = (tree) => {
      for (const [key, value] of Object.entries(tree || {})) {
        if (labels && labels[key]) named.push(labels[key]);
        else if (value && typeof value === "object" && !Array.isArray(value)) walk(value);
      }
    };
    walk(error && error.code === "invalid_clause_values" ? error.details : problems);
    const sentence = describe(error);
    return named.length ? `${sentence}请检查：${[...new Set(named)].join("、")}。` : sentence;
  }

  // ---- The developer's projects --------------------------------------------------------------------

  const state = { projects: null, loading: null };

  function orgId() {
    const user = hooks.session && hooks.session.user;
    return user && user.org_id ? String(user.org_id) : "";
  }

  const projectKey = () => `portal.developer.${orgId()}.project`;

  /** The developer's projects, loaded once per sign-in; the chooser shows them. */
  function projects() {
    if (state.projects) return Promise.resolve(state.projects);
    if (!state.loading) {
      state.loading = api("GET", "/api/v1/projects")
        .then((answer) => {
          state.projects = answer.projects || [];
          fillChooser();
          return state.projects;
        })
        .catch((error) => {
          state.loading = null;
          if (error.status !== 401) showProjectError(error);
          throw error;
        });
    }
    return state.loading;
  }

  function showProjectError(error) {
    const box = $("dev-project-error");
    box.textContent = error ? describe(error) : "";
    box.hidden = !error;
  }

  function fillChooser() {
    const select = $("dev-project");
    const remembered = localStorage.getItem(projectKey());
    select.replaceChildren(...state.projects.map((p) => el("option", { value: p.project_id }, p.name)));
    if (state.projects.length === 0) {
      select.append(el("option", { value: "" }, "暂无项目"));
      select.disabled = true;
      $("dev-project-note").textContent = "房管局为本企业登记项目后，项目会出现在这里。";
      return;
    }
    select.disabled = false;
    if (state.projects.some((p) => p.project_id === remembered)) select.value = remembered;
    describeProject();
  }

  function describeProject() {
    const project = currentProjectNow();
    $("dev-project-note").textContent = project ? `预售许可证号 ${project.permit_number}` : "";
  }

  function currentProjectNow() {
    const id = $("dev-project").value;
    return (state.projects || []).find((p) => p.project_id === id) || null;
  }

  /** The chosen project (null when the developer has none), after the list has loaded. */
  async function currentProject() {
    await projects();
    return currentProjectNow();
  }

  /** Put a changed project (an intro or image just saved) into the chooser's list. */
  function rememberProject(project) {
    if (!state.projects) return;
    state.projects = state.projects.map((p) => (p.project_id === project.project_id ? project : p));
  }

  function emptyWithoutProject(target) {
    target.replaceChildren(el("p", { class: "empty" }, "本企业还没有项目。房管局登记项目并设置楼栋规则后即可在此办理。"));
  }

  // ---- Small things the pages share --------------------------------------------------------------

  /** Open one of the developer's tabs as if its tab had been clicked (the shell runs its loader). */
  function openTab(panelId) {
    $(`tab-${panelId}`).click();
  }

  function openPanelId() {
    const tab = document.querySelector("#developer-view [role=tab][aria-selected=true]");
    return tab ? tab.dataset.tab : null;
  }

  /** Ask again until `done(answer)` (a projection catching up through the broker); the last answer. */
  async function until(fetch, done, attempts = 10) {
    let answer = await fetch();
    for (let attempt = 0; attempt < attempts && !done(answer); attempt += 1) {
      await sleep(300 + attempt * 200);
      answer = await fetch();
    }
    return answer;
  }

  /** The number people read for a contract: the bureau-style contract number when there is one. */
  function contractNumber(contract) {
    return contract.contract_number || shortId(contract.contract_id);
  }

  function showBox(id, text) {
    const box = $(id);
    box.textContent = text || "";
    box.hidden = !text;
  }

  window.Portal.developer = {
    USAGE_LABEL, ORIENTATION_LABEL, textProblem, explainError, orgId, projects, currentProject, rememberProject,
    emptyWithoutProject, openTab, until, contractNumber, showBox,
  };

  function forget() {
    state.projects = null;
    state.loading = null;
    $("dev-project").replaceChildren();
    $("dev-project-note").textContent = "";
    showProjectError(null);
  }

  staff.register({}, forget, () => {
    $("dev-project").addEventListener("change", () => {
      localStorage.setItem(projectKey(), $("dev-project").value);
      describeProject();
      const panel = openPanelId();
      if (panel && staff.tabs[panel]) staff.tabs[panel]();
    });
    $("dev-project-form").addEventListener("submit", (event) => event.preventDefault());
  });
})();
