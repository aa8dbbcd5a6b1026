/* 企业项目信息管理: 我的企业信息 (开发企业简介) and 我的项目信息 (楼盘宣传图片, 楼盘介绍), R000.2. */
"use strict";

(function () {
  const { $, el, api, busy, notify, dash, formatTime, loading } = window.Portal;
  const staff = window.Portal.staff;
  const dev = window.Portal.developer;
  const INTRO_MAX = 5000;
  const IMAGE_MAX = 2 * 1024 * 1024;

  function facts(target, rows) {
    target.replaceChildren(...rows.map(([k, v]) => [el("dt", {}, k), el("dd", {}, dash(v))]).flat());
  }

  // ---- 我的企业信息 --------------------------------------------------------------------------------

  async function loadEnterprise() {
    dev.showBox("enterprise-error", null);
    try {
      const developer = await api("GET", `/api/v1/developers/${encodeURIComponent(dev.orgId())}`);
      facts($("enterprise-facts"), [
        ["企业名称", developer.name],
        ["统一社会信用代码", developer.credit_code],
        ["入网状态", developer.admitted ? "已入网（已发放电子密钥）" : "未入网"],
      ]);
      $("enterprise-intro").value = developer.intro || "";
    } catch (error) {
      if (error.status !== 401) dev.showBox("enterprise-error", dev.explainError(error));
    }
  }

  async function saveEnterpriseIntro(event) {
    event.preventDefault();
    const intro = $("enterprise-intro").value;
    const problem = dev.textProblem(intro, "开发企业简介", INTRO_MAX, true);
    dev.showBox("enterprise-error", problem);
    if (problem) return;
    await busy($("enterprise-intro-save"), async () => {
      try {
        await api("PUT", `/api/v1/developers/${encodeURIComponent(dev.orgId())}/intro`, { intro });
        notify("开发企业简介已保存。", "ok");
      } catch (error) {
        if (error.status !== 401) dev.showBox("enterprise-error", dev.explainError(error, { intro: "开发企业简介" }));
      }
    }, "保存中…");
  }

  // ---- 我的项目信息 --------------------------------------------------------------------------------

  let shownProjectId = null;

  async function loadProjectInfo() {
    for (const id of ["promo-error", "project-intro-error"]) dev.showBox(id, null);
    const project = await dev.currentProject().catch(() => null);
    shownProjectId = project ? project.project_id : null;
    $("promo-form").hidden = $("project-intro-form").hidden = !project;
    if (!project) {
      dev.emptyWithoutProject($("project-facts"));
      $("promo-image").hidden = true;
      $("promo-empty").hidden = true;
      return;
    }
    showProject(project);
    await showPromoImage(project);
  }

  function showProject(project) {
    facts($("project-facts"), [
      ["项目名称", project.name],
      ["预售许可证号", project.permit_number],
      ["许可证发证日期", project.permit_issued_on ? formatTime(project.permit_issued_on).split(" ")[0] : null],
      ["楼栋数", project.building_ids.length],
    ]);
    $("project-intro").value = project.intro || "";
  }

  /** The stored image, fetched with the token and shown as a data: URL (the page's CSP allows no blob:). */
  async function showPromoImage(project) {
    const image = $("promo-image");
    if (!project.promo_image) {
      image.hidden = true;
      image.removeAttribute("src");
      $("promo-empty").hidden = false;
      return;
    }
    try {
      const blob = await api("GET", `/api/v1/projects/${encodeURIComponent(project.project_id)}/promo-image`,
                             undefined, { blob: true });
      if (shownProjectId !== project.project_id) return;
      image.src = await dataUrl(blob);
      image.hidden = false;
      $("promo-empty").hidden = true;
    } catch (error) {
      if (error.status !== 401) dev.showBox("promo-error", dev.explainError(error));
    }
  }

  function dataUrl(blob) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  async function previewChosenImage() {
    dev.showBox("promo-error", null);
    const file = $("promo-file").files[0];
    $("promo-file-name").textContent = file ? file.name : "未选择文件";
    if (!file) return;
    const problem = imageProblem(file);
    if (problem) {
      dev.showBox("promo-error", problem);
      return;
    }
    $("promo-image").src = await dataUrl(file);
    $("promo-image").hidden = false;
    $("promo-empty").hidden = true;
  }

  function imageProblem(file) {
    if (!file) return "请先点击“选择文件”选择一张宣传图片。";
    if (!["image/png", "image/jpeg"].includes(file.type)) return "只能上传 PNG 或 JPEG 格式的图片，请另选一张。";
    if (file.size === 0) return "所选文件是空的，请另选一张图片。";
    if (file.size > IMAGE_MAX) return `图片有 ${(file.size / 1048576).toFixed(1)} MB，超过 2 MB，请压缩后再上传。`;
    return null;
  }

  async function uploadPromoImage(event) {
    event.preventDefault();
    const file = $("promo-file").files[0];
    const problem = imageProblem(file);
    dev.showBox("promo-error", problem);
    if (problem || !shownProjectId) return;
    const projectId = shownProjectId;
    await busy($("promo-upload"), async () => {
      try {
        const project = await api("PUT", `/api/v1/projects/${encodeURIComponent(projectId)}/promo-image`,
                                  undefined, { file });
        dev.rememberProject(project);
        $("promo-file").value = "";
        $("promo-file-name").textContent = "未选择文件";
        notify("楼盘宣传图片已上传。", "ok");
        await showPromoImage(project);
      } catch (error) {
        if (error.status !== 401) dev.showBox("promo-error", dev.explainError(error));
      }
    }, "上传中…");
  }

  async function saveProjectIntro(event) {
    event.preventDefault();
    const intro = $("project-intro").value;
    const problem = dev.textProblem(intro, "楼盘介绍", INTRO_MAX, true);
    dev.showBox("project-intro-error", problem);
    if (problem || !shownProjectId) return;
    const projectId = shownProjectId;
    await busy($("project-intro-save"), async () => {
      try {
        const project = await api("PUT", `/api/v1/projects/${encodeURIComponent(projectId)}/intro`, { intro });
        dev.rememberProject(project);
        notify("楼盘介绍已修改。", "ok");
      } catch (error) {
        if (error.status !== 401) dev.showBox("project-intro-error", dev.explainError(error, { intro: "楼盘介绍" }));
      }
    }, "保存中…");
  }

  function forget() {
    shownProjectId = null;
    for (const id of ["enterprise-facts", "project-facts"]) $(id).replaceChildren();
    for (const id of ["enterprise-intro", "project-intro", "promo-file"]) $(id).value = "";
    $("promo-image").hidden = true;
    $("promo-image").removeAttribute("src");
    $("promo-file-name").textContent = "未选择文件";
    for (const id of ["enterprise-error", "promo-error", "project-intro-error"]) dev.showBox(id, null);
  }

  staff.register({
    "dev-enterprise": () => { loading($("enterprise-facts")); return loadEnterprise(); },
    "dev-project-info": () => { loading($("project-facts")); return loadProjectInfo(); },
  }, forget, () => {
    $("enterprise-intro-form").addEventListener("submit", saveEnterpriseIntro);
    $("project-intro-form").addEventListener("submit", saveProjectIntro);
    $("promo-form").addEventListener("submit", uploadPromoImage);
    $("promo-file").addEventListener("change", previewChosenImage);
  });
})();
