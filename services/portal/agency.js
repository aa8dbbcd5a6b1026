/* 存量房网签 — the agency account's pages (guide 001): enterprise info per business licence (R001.4, R001.5),
 * materials named and saved before their upload (R001.6), submission with a comment (R001.7). Its agents are in
 * agency-agents.js; what both share is Portal.agency. */
"use strict";

(function () {
  const { $, el, api, describe, notify, showError, ask, busy, explain, ApiError } = window.Portal;
  const staff = window.Portal.staff;

  explain({
    agency_info_incomplete: "营业执照上的必填项还没有填完整，请补充后再保存。",
    validity_too_long: "营业期限和资质有效期不能超过今天起 2 年，请按实际日期填写（最长到 2 年后的今天）。",
    validity_expired: "营业期限或资质有效期已过期，请核对营业执照和资质证书。",
    agency_not_editable: "企业信息已提交审核或已通过，现在不能修改。",
    material_not_named: "请先修改材料名称并保存，再上传图片。",
    material_not_found: "没有找到该材料，请刷新页面后重试。",
    too_many_materials: "收件材料最多 20 项，请删除不需要的材料。",
    comment_required: "请填写提交意见。",
    agency_info_missing: "请先填写并保存企业信息。",
    materials_missing: "请先上传营业执照和法定代表人身份证等收件材料。",
    material_without_file: "有材料还没有上传图片，请上传或删除该材料后再提交。",
    agency_not_submitted: "该机构的信息核查已处理过，请刷新后查看。",
  });

  const STATE_LABEL = { applied: "待完善信息", submitted: "已提交，待审核", verified: "审核通过", returned: "已退回，请修改后重新提交" };
  const STATE_CLASS = { applied: "state-formal_printed", submitted: "state-confirmed", verified: "state-filed",
                        returned: "state-filing_rejected" };
  const MAX_IMAGE = 500 * 1024;
  /** This page's sentences for the image codes (the developer's pages explain the same codes with their own
   *  2 MB limit, so these stay local instead of going into the kit's shared table). */
  const IMAGE_PROBLEMS = {
    image_too_large: "图片大小不能超过 500K，请压缩后重新上传。",
    invalid_image: "文件不是可识别的图片，请上传 PNG 或 JPG 图片。",
    image_type_mismatch: "图片格式与文件不符，请上传 PNG 或 JPG 图片。",
  };
  const CONTROL = /[\u0000-\u001f\u007f]/;
  const problem = (text) => new ApiError(0, "", text);

  /** An image file as the API takes it ({content_type, data_base64}), or a Chinese problem to show. */
  function readImage(file) {
    return new Promise((resolve, reject) => {
      if (!file) return reject(problem("请选择要上传的图片。"));
      if (!["image/png", "image/jpeg"].includes(file.type)) return reject(problem("请上传 PNG 或 JPG 图片。"));
      if (file.size > MAX_IMAGE) return reject(problem("图片大小不能超过 500K，请压缩后重新上传。"));
      const reader = new FileReader();
      reader.onload = () => resolve({ content_type: file.type, data_base64: String(reader.result).split(",")[1] || "" });
      reader.onerror = () => reject(problem("无法读取该图片，请重新选择。"));
      reader.readAsDataURL(file);
    });
  }

  /** A button that lets the person choose an image and hands it to `upload` ({content_type, data_base64}). */
  function uploadButton(label, upload, errorId) {
    const input = el("input", { type: "file", accept: "image/png,image/jpeg", class: "visually-hidden",
                                "aria-hidden": "true", tabindex: -1 });
    const button = el("button", { type: "button", class: "btn btn-small", onclick: () => input.click() }, label);
    input.addEventListener("change", async () => {
      const file = input.files[0];
      input.value = "";
      showError(errorId, null);
      await busy(button, async () => {
        try {
          await upload(await readImage(file));
        } catch (error) {
          if (error.status === 401) return;
          showError(errorId, IMAGE_PROBLEMS[error.code] ? problem(IMAGE_PROBLEMS[error.code]) : error);
        }
      }, "上传中…");
    });
    return el("span", { class: "nowrap" }, button, input);
  }

  const agencyId = () => ((window.Portal.hooks.session || {}).user || {}).org_id;

  window.Portal.agency = { STATE_LABEL, STATE_CLASS, readImage, uploadButton, CONTROL, problem, agencyId };

  // ---- The agency's record -------------------------------------------------------------------------

  async function loadAgency() {
    showError("agency-error", null);
    $("agency-status").replaceChildren(el("p", { class: "loading", role: "status" }, "加载中…"));
    try {
      show(await api("GET", `/api/v1/agencies/${encodeURIComponent(agencyId())}`));
    } catch (error) {
      $("agency-status").replaceChildren();
      if (error.status !== 401) showError("agency-error", error);
    }
  }

  function show(agency) {
    const editable = agency.state === "applied" || agency.state === "returned";
    $("agency-status").replaceChildren(...[
      el("h2", {}, agency.name),
      el("p", {}, "信息核查状态：", el("span", { class: `pill ${STATE_CLASS[agency.state] || ""}` }, STATE_LABEL[agency.state] || "未知")),
      el("p", { class: "hint" }, `备案号：${agency.filing_number}　统一社会信用代码：${agency.credit_code}`),
      agency.return_reasons.length ? el("div", { class: "reasons" }, el("strong", {}, "退回原因："),
        el("ul", {}, agency.return_reasons.map((r) => el("li", {}, r)))) : null,
      agency.state === "verified" ? el("p", {}, "审核已通过，可以在“从业人员”中添加从业人员。") : null,
    ].filter(Boolean));
    fillInfo(agency);
    for (const node of $("agency-info-form").elements) node.disabled = !editable;
    for (const node of $("agency-submit-form").elements) node.disabled = !editable;
    $("agency-material-add").disabled = !editable;
    drawMaterials(agency, editable);
  }

  function fillInfo(agency) {
    const info = agency.info || { name: agency.name };
    $("agency-name").value = info.name || "";
    $("agency-legal").value = info.legal_representative || "";
    $("agency-address").value = info.registered_address || "";
    $("agency-scope").value = info.business_scope || "";
    $("agency-phone").value = info.contact_phone || "";
    $("agency-term").value = info.business_term_until || "";
    $("agency-qualification").value = info.qualification_valid_until || "";
  }

  function drawMaterials(agency, editable) {
    const target = $("agency-materials");
    if (agency.materials.length === 0) {
      target.replaceChildren(el("p", { class: "empty" }, "还没有收件材料。请添加营业执照、法定代表人身份证等材料。"));
      return;
    }
    target.replaceChildren(el("ul", { class: "materials" }, agency.materials.map((m, index) => {
      const nameId = `material-name-${index}`;
      const name = el("input", { id: nameId, maxlength: 60, value: m.name, disabled: !editable,
                                 placeholder: "例如：营业执照" });
      const save = el("button", { type: "button", class: "btn btn-small btn-light", disabled: !editable,
                                  onclick: (e) => saveName(m, name, e.currentTarget) }, "保存名称");
      const remove = el("button", { type: "button", class: "btn btn-small btn-light", disabled: !editable,
                                    onclick: (e) => removeMaterial(m, e.currentTarget) }, "删除");
      const file = m.file ? el("span", { class: "pill state-filed" }, `已上传 ${Math.ceil(m.file.size / 1024)}K`)
                          : el("span", { class: "pill state-formal_printed" }, "未上传");
      const upload = editable ? uploadButton(m.file ? "重新上传" : "上传图片", (image) => uploadMaterial(m, image),
                                             "agency-materials-error") : null;
      return el("li", { class: "material" }, el("label", { for: nameId }, `材料 ${index + 1} 名称`), name, save,
                file, upload, remove);
    })));
  }

  async function saveInfo(event) {
    event.preventDefault();
    showError("agency-info-error", null);
    const body = {
      name: $("agency-name").value.trim(), legal_representative: $("agency-legal").value.trim(),
      registered_address: $("agency-address").value.trim(), business_scope: $("agency-scope").value.trim(),
      contact_phone: $("agency-phone").value.trim(), business_term_until: $("agency-term").value,
      qualification_valid_until: $("agency-qualification").value || null,
    };
    const missing = ["name", "legal_representative", "registered_address", "business_scope", "contact_phone",
                     "business_term_until"].filter((k) => !body[k]);
    if (missing.length) return showError("agency-info-error", problem("请按营业执照填写全部必填项。"));
    if (!/^1[0-9]{10}$/.test(body.contact_phone)) return showError("agency-info-error", problem("联系电话应为 11 位手机号码。"));
    if (Object.values(body).some((v) => typeof v === "string" && CONTROL.test(v))) {
      return showError("agency-info-error", problem("填写的内容中含有无法识别的字符，请删除后重新输入。"));
    }
    await busy($("agency-info-save"), async () => {
      try {
        show(await api("PUT", `/api/v1/agencies/${encodeURIComponent(agencyId())}/info`, body));
        notify("企业信息已保存。", "ok");
      } catch (error) {
        if (error.status !== 401) showError("agency-info-error", error);
      }
    }, "保存中…");
  }

  async function addMaterial(event) {
    showError("agency-materials-error", null);
    await busy(event.currentTarget, async () => {
      try {
        show(await api("POST", `/api/v1/agencies/${encodeURIComponent(agencyId())}/materials`));
      } catch (error) {
        if (error.status !== 401) showError("agency-materials-error", error);
      }
    });
  }

  async function saveName(material, input, button) {
    showError("agency-materials-error", null);
    const name = input.value.trim();
    if (!name || name.length > 60 || CONTROL.test(name)) {
      return showError("agency-materials-error", problem("请填写材料名称（不超过 60 字）。"));
    }
    await busy(button, async () => {
      try {
        show(await api("PUT", materialPath(material), { name }));
        notify(`材料名称“${name}”已保存，可以上传图片了。`, "ok");
      } catch (error) {
        if (error.status !== 401) showError("agency-materials-error", error);
      }
    });
  }

  async function uploadMaterial(material, image) {
    show(await api("PUT", `${materialPath(material)}/file`, image));
    notify("图片已上传。", "ok");
  }

  async function removeMaterial(material, button) {
    const answer = await ask({ title: "删除收件材料", message: `确定删除“${material.name || "未命名材料"}”吗？`,
                               danger: true, confirmLabel: "删除" });
    if (answer === null) return;
    await busy(button, async () => {
      try {
        show(await api("DELETE", materialPath(material)));
      } catch (error) {
        if (error.status !== 401) showError("agency-materials-error", error);
      }
    });
  }

  const materialPath = (m) => `/api/v1/agencies/${encodeURIComponent(agencyId())}/materials/${encodeURIComponent(m.material_id)}`;

  async function submit(event) {
    event.preventDefault();
    showError("agency-submit-error", null);
    const comment = $("agency-comment").value.trim();
    if (!comment) return showError("agency-submit-error", problem("请填写提交意见。"));
    await busy($("agency-submit"), async () => {
      try {
        show(await api("POST", `/api/v1/agencies/${encodeURIComponent(agencyId())}/submission`, { comment }));
        $("agency-comment").value = "";
        notify("已提交，请等待房地产交易管理事务中心审核。", "ok");
      } catch (error) {
        if (error.status !== 401) showError("agency-submit-error", error);
      }
    }, "提交中…");
  }

  staff.home("agency", "中介机构账号", "agency-view", "agency-info");
  staff.register({ "agency-info": loadAgency }, () => {
    $("agency-status").replaceChildren();
    $("agency-materials").replaceChildren();
    $("agency-info-form").reset();
  }, () => {
    $("agency-info-form").addEventListener("submit", saveInfo);
    $("agency-material-add").addEventListener("click", addMaterial);
    $("agency-submit-form").addEventListener("submit", submit);
  });
})();
