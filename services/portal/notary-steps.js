/* 一手房签约公证 — the buyer's steps (R002.3–R002.6): identity (face by the provider's QR code for mainland
 * buyers, identity document photos for others), the four documents, the materials (camera photos, the signature
 * pad, the 15-second evidence video), the submission, then the status and the certificate. */
"use strict";

(function () {
  const { el, api, ApiError, describe, busy, notify, sleep } = window.Portal;
  const notary = () => window.Portal.notary;
  const casePath = (c, tail = "") => `/api/v1/notary/cases/${encodeURIComponent(c.case_id)}${tail}`;
  const MAX_IMAGE = 500 * 1024, MAX_VIDEO = 700 * 1024;

  const DOCUMENTS = {
    sale_contract: ["中山市商品房买卖合同", (c) => `出卖人${c.seller_name}与买受人${c.buyer_name}就${roomText(c)}订立的商品房买卖合同电子文本（合同内容摘要码 ${c.content_hash.slice(0, 16)}…），与开发企业推送至公证处的电子合同一致。`],
    notarization_application: ["商品房买卖公证申请表", (c) => `申请人${c.buyer_name}（证件号码 ${c.buyer_id_masked}）向${c.office_name}申请办理上述商品房买卖合同的公证。`],
    notarization_notice: ["商品房买卖合同公证告知", () => "公证处将审查申请人的身份、意思表示和所提交的材料；申请人应如实提供材料，提供虚假材料的，须承担相应法律责任。公证书出具后，合同将提交房管部门备案。"],
    case_record: ["收案记录", (c) => `${c.office_name}已受理本公证申请，案件编号 ${c.case_id.slice(0, 8)}，受理后须在规定期限内完成签约，逾期未完成的申请自动失效。`],
  };
  const MATERIALS = {
    id_front: ["身份证件正面照片", "请用手机相机现场拍摄证件正面。"],
    id_back: ["身份证件反面照片", "请用手机相机现场拍摄证件反面。"],
    id_in_hand: ["手持身份证件正面照片", "请本人手持证件正面，由他人用相机现场拍摄。"],
    signature: ["电子签名", "请在下方签名板上用手指（或鼠标）书写您的姓名。"],
    evidence_video: ["佐证视频（15 秒）", "请用手机前置摄像头录制 15 秒视频，录制时朗读下方文字。"],
  };

  const roomText = (c) => [c.room.project_name, c.room.building_name, c.room.room_number].filter(Boolean).join("") || "所购房屋";
  const problem = (text) => new ApiError(0, "", text);
  let poller = null;

  function stopPolling() {
    if (poller) clearTimeout(poller);
    poller = null;
  }

  /** Read the case again every `ms` while the page is visible, until `done(case)`. */
  function poll(c, ms, done) {
    stopPolling();
    const tick = async () => {
      poller = null;
      if (!document.hidden) {
        try {
          const fresh = await api("GET", casePath(c));
          if (done(fresh)) return notary().refresh(fresh);
        } catch (error) {
          if (error.status === 401) return undefined;
        }
      }
      poller = setTimeout(tick, ms);
      return undefined;
    };
    poller = setTimeout(tick, ms);
  }

  /** Put `children` (nested lists and nulls allowed, as el takes them) in place of what `target` holds. */
  function fill(target, ...children) {
    target.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  }

  function errorBox() { return el("div", { class: "error", role: "alert", hidden: true }); }
  function show(box, error) {
    box.textContent = error ? describe(error) : "";
    box.hidden = !error;
  }

  /** Send a step's command with its button disabled; the case it answers becomes the page. */
  async function act(button, box, call, busyText) {
    show(box, null);
    await busy(button, async () => {
      try {
        await notary().refresh(await call());
      } catch (error) {
        if (error.status === 401) return;
        show(box, error);
        if (["invalid_case_state", "verification_not_due"].includes(error.code)) {
          await sleep(1500);
          await notary().refresh().catch(() => null);
        }
      }
    }, busyText);
  }

  function base64Of(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
      reader.onerror = () => reject(problem("无法读取所选文件，请重新选择。"));
      reader.readAsDataURL(file);
    });
  }

  /** A file chooser (the phone's camera first) with its name, its checks and, for images, a preview. */
  function filePicker(id, label, { video = false } = {}) {
    const input = el("input", { id, type: "file", class: "file-input",
                                accept: video ? "video/mp4" : "image/png,image/jpeg", capture: video ? "user" : "environment" });
    const name = el("span", { class: "hint" }, "未选择文件");
    const preview = el("img", { class: "preview", alt: `${label}预览`, hidden: true });
    const box = errorBox();
    let chosen = null;
    input.addEventListener("change", () => {
      chosen = null;
      preview.hidden = true;
      show(box, null);
      const file = input.files && input.files[0];
      if (!file) { name.textContent = "未选择文件"; return; }
      name.textContent = `${file.name}（${Math.max(1, Math.round(file.size / 1024))} KB）`;
      const wrong = check(file, video);
      if (wrong) { show(box, problem(wrong)); return; }
      chosen = file;
      if (!video) {
        const reader = new FileReader();
        reader.onload = () => { preview.src = String(reader.result); preview.hidden = false; };
        reader.readAsDataURL(file);
      }
    });
    return {
      nodes: [el("div", { class: "file-row" }, input,
                 el("label", { for: id, class: "btn btn-light file-button" }, video ? "录制视频…" : "拍照或选择照片…"), name),
              preview, box],
      box,
      async payload() {
        if (!chosen) throw problem(input.files && input.files[0] ? check(input.files[0], video) : `请先${video ? "录制视频" : "拍摄照片"}。`);
        return { content_type: chosen.type, data_base64: await base64Of(chosen) };
      },
    };
  }

  function check(file, video) {
    if (file.size === 0) return "所选文件是空的，请重新拍摄。";
    if (video) {
      if (file.type !== "video/mp4") return "佐证视频须为 MP4 格式，请用手机重新录制。";
      if (file.size > MAX_VIDEO) return `视频有 ${Math.round(file.size / 1024)} KB，超过 700 KB，请降低画质后重新录制。`;
      return null;
    }
    if (!["image/png", "image/jpeg"].includes(file.type)) return "只能上传 PNG 或 JPEG 格式的照片，请重新拍摄。";
    if (file.size > MAX_IMAGE) return `照片有 ${Math.round(file.size / 1024)} KB，超过 500 KB，请重新拍摄或压缩后上传。`;
    return null;
  }

  // ---- Identity (R002.3, R002.4) ---------------------------------------------------------------------

  function faceStep(target, c, second) {
    const box = errorBox();
    const heading = second ? "再次人脸识别，提交申请" : "人脸识别核验身份";
    const intro = second ? "资料已全部上传。请再次进行人脸识别，识别通过后公证申请即提交。"
      : "在线公证前须核验您的身份。请点击下方按钮，用手机微信扫描出现的二维码，按提示完成人脸识别。";
    if (c.face_qr_url) {
      fill(target, el("h2", {}, heading),
        el("p", {}, "请用手机微信扫描下方二维码，按提示完成人脸识别。识别完成后本页会自动进入下一步。"),
        el("div", { class: "qr" },
          el("img", { src: `/portal/qr.svg?text=${encodeURIComponent(c.face_qr_url)}`, alt: "人脸识别二维码，请用手机微信扫描",
                      width: 198, height: 198 }),
          el("a", { href: c.face_qr_url, class: "qr-link", target: "_blank", rel: "noopener noreferrer", id: "face-link" },
             "无法扫码？在手机上打开此链接")),
        el("p", { class: "loading", role: "status" }, "正在等待人脸识别结果…"), box);
      const verified = c.verifications.length;
      poll(c, 2000, (fresh) => fresh.state !== c.state || fresh.verifications.length !== verified || !fresh.face_qr_url);
      return;
    }
    const failed = c.verifications.length === (second ? 1 : 0) && window.Portal.notaryFaceTried === c.state;
    const start = el("button", { type: "button", class: "btn btn-primary", id: "face-start" },
                     failed ? "重新人脸识别" : "开始人脸识别");
    start.addEventListener("click", () => {
      window.Portal.notaryFaceTried = c.state;
      act(start, box, () => api("POST", casePath(c, "/face-verification")), "请稍候…");
    });
    fill(target, el("h2", {}, heading),
      failed ? el("div", { class: "error", role: "alert" }, "人脸识别未通过，请确认是买受人本人后重新识别。") : null,
      el("p", {}, intro), el("div", { class: "actions" }, start), box);
  }

  function documentStep(target, c, second) {
    const picker = filePicker(second ? "id-document-second" : "id-document-first", "身份证明文件照片");
    const send = el("button", { type: "button", class: "btn btn-primary", id: second ? "submit-case" : "verify-document" },
                    second ? "提交资料，完成" : "提交核验");
    send.addEventListener("click", () => act(send, picker.box, async () => {
      const photo = await picker.payload();
      return api("POST", casePath(c, second ? "/submission" : "/identity-document"), { photo });
    }, second ? "提交中…" : "核验中…"));
    fill(target, 
      el("h2", {}, second ? "第二次身份核验，提交申请" : "身份证明文件核验"),
      el("p", {}, second
        ? "资料已全部上传。按公证要求，身份须核验两次：请再次现场拍摄您的身份证明文件，提交后申请即完成。"
        : "您不是中国大陆居民，不能使用人脸识别。请现场拍摄您的身份证明文件（如护照、港澳居民来往内地通行证、台湾居民来往大陆通行证）。身份将核验两次，第二次在最后提交资料时。"),
      el("label", { for: second ? "id-document-second" : "id-document-first" }, "身份证明文件照片（PNG 或 JPEG，不超过 500 KB）"),
      ...picker.nodes, el("div", { class: "actions" }, send));
  }

  // ---- The four documents (R002.5) ---------------------------------------------------------------------

  function documentsStep(target, c) {
    const box = errorBox();
    const boxes = [];
    const list = el("ol", { class: "doc-list" }, c.documents.map((key, i) => {
      const [title, body] = DOCUMENTS[key] || [key, () => ""];
      const check = el("input", { type: "checkbox", id: `doc-${key}`, name: key });
      boxes.push(check);
      const fullText = key === "sale_contract"
        ? el("button", { type: "button", class: "btn btn-light", id: "read-e-contract",
                         onclick: (e) => window.Portal.downloadCasePdf(e.currentTarget, c.case_id, "e-contract",
                                                                       `商品房买卖合同-${c.contract_id}.pdf`) },
             "阅读合同全文（PDF）")
        : null;
      return el("li", { class: "doc" }, el("details", { open: i === 0 },
        el("summary", {}, `${i + 1}. ${title}`), el("p", { class: "doc-body" }, body(c)), fullText),
        el("label", { class: "check-row", for: `doc-${key}` }, check, `我已阅读并确认《${title}》`));
    }));
    const agree = el("button", { type: "button", class: "btn btn-primary", id: "documents-agree" }, "同意继续");
    agree.addEventListener("click", () => {
      const read = boxes.filter((b) => b.checked).map((b) => b.name);
      if (read.length < boxes.length) {
        show(box, problem(`还有 ${boxes.length - read.length} 份文件没有勾选确认，请阅读后勾选。`));
        return;
      }
      act(agree, box, () => api("POST", casePath(c, "/documents-read"), { documents: read }), "提交中…");
    });
    fill(target, el("h2", {}, "阅读并确认文件"),
      el("p", {}, "在签约公证前，请阅读以下四份文件并核实内容，确认无误后逐一勾选，再点击“同意继续”。"),
      list, box, el("div", { class: "actions" }, agree));
  }

  // ---- Materials (R002.4) --------------------------------------------------------------------------------

  function materialsStep(target, c) {
    const items = c.required_materials.map((kind) => {
      const [title, hint] = MATERIALS[kind];
      const done = c.materials.includes(kind);
      const head = el("h3", {}, title, el("span", { class: done ? "done-mark" : "todo-mark" }, done ? "已上传" : "未上传"));
      if (kind === "signature") return el("li", { class: "material", id: "material-signature" }, head, signatureItem(c, hint, done));
      const picker = filePicker(`file-${kind}`, title, { video: kind === "evidence_video" });
      const send = el("button", { type: "button", class: "btn btn-primary", id: `upload-${kind}` },
                      done ? "重新上传" : (kind === "evidence_video" ? "提交视频" : "上传"));
      send.addEventListener("click", () => act(send, picker.box, async () =>
        api("PUT", casePath(c, `/materials/${kind}`), await picker.payload()), "上传中…"));
      return el("li", { class: "material", id: `material-${kind}` }, head, el("p", { class: "hint" }, hint),
        kind === "evidence_video" ? el("p", { class: "read-aloud" }, `请朗读：“我是${c.buyer_name}，自愿购买${roomText(c)}，已阅读并确认商品房买卖合同及公证告知等文件，申请办理商品房买卖合同公证。”`) : null,
        el("label", { for: `file-${kind}` }, `${title}（${kind === "evidence_video" ? "MP4，约 15 秒，不超过 700 KB" : "PNG 或 JPEG，不超过 500 KB"}）`),
        ...picker.nodes, el("div", { class: "actions" }, send));
    });
    const left = c.required_materials.filter((k) => !c.materials.includes(k)).length;
    fill(target, el("h2", {}, "上传资料"),
      el("p", {}, "请上传以下资料。照片须用相机现场拍摄，不能从相册中选取；签名须在签名板上现场书写。"),
      el("p", { class: "hint", role: "status" }, left ? `还有 ${left} 项未上传，全部上传后进入提交步骤。` : "资料已全部上传。"),
      el("ol", { class: "materials" }, items));
  }

  function signatureItem(c, hint, done) {
    const pad = window.Portal.signaturePad("签名板：请在此处书写您的姓名");
    const box = errorBox();
    const clear = el("button", { type: "button", class: "btn btn-light", id: "signature-clear" }, "清除重写");
    const send = el("button", { type: "button", class: "btn btn-primary", id: "signature-send" }, done ? "重新签名" : "确认签名");
    clear.addEventListener("click", () => { pad.clear(); show(box, null); });
    send.addEventListener("click", () => {
      if (pad.points() < 10) {
        show(box, problem("签名太短，请在签名板上完整书写您的姓名。"));
        return;
      }
      act(send, box, () => api("POST", casePath(c, "/signature-pad"), { strokes: pad.strokes() }), "提交中…");
    });
    return [el("p", { class: "hint" }, hint, " 签名板由公证处提供，签名现场生成并由签名板签章，不能使用相册中的图片。"),
            pad.node, box, el("div", { class: "actions" }, clear, send)];
  }

  // ---- The outcome (R002.6, R002.7) ----------------------------------------------------------------------

  function outcomeStep(target, c) {
    const refresh = el("button", { type: "button", class: "btn btn-light", id: "case-refresh" }, "刷新审核状态");
    refresh.addEventListener("click", () => busy(refresh, () => notary().refresh().catch((e) => notify(describe(e), "error"))));
    if (c.state === "submitted") {
      fill(target, el("div", { class: "result" }, el("div", { class: "big", role: "status" }, "申请成功"),
        el("p", {}, `您的公证申请已提交${c.office_name}，正在等待公证员审核。本页会自动刷新审核结果，您也可以稍后重新扫码查看。`)),
        el("div", { class: "actions" }, refresh));
      poll(c, 10000, (fresh) => fresh.state !== c.state);
      return;
    }
    if (c.state === "approved") {
      const download = el("button", { type: "button", class: "btn btn-primary", id: "certificate-download" }, "下载公证书");
      download.addEventListener("click", () => window.Portal.downloadCertificate(download, c.case_id, `公证书-${c.case_id.slice(0, 8)}.pdf`));
      fill(target, el("div", { class: "result" }, el("div", { class: "big", role: "status" }, "公证处已审核通过"),
        el("p", {}, "公证书已出具，合同将由开发企业提交房管局备案。"),
        el("dl", { class: "facts" }, el("dt", {}, "公证书编号"), el("dd", { class: "mono", id: "certificate-number" }, c.certificate.certificate_number))),
        el("div", { class: "actions" }, download));
      return;
    }
    const reasons = (c.decision && c.decision.reasons) || [];
    fill(target, el("div", { class: "result rejected" },
      el("div", { class: "big", role: "status" }, c.state === "rejected" ? "公证处已退回" : "公证申请已过期"),
      c.state === "rejected"
        ? [el("p", {}, "退回原因："), el("ul", {}, reasons.map((r) => el("li", {}, r))),
           el("p", {}, "开发企业将按退回原因修改后重新推送，届时请扫描新的二维码重新办理。")]
        : el("p", {}, "本申请未在规定期限内完成，合同已失效。如仍需购买，请联系开发企业。")));
  }

  function render(target, c) {
    stopPolling();
    if (c.state === "case_opened") return c.mainland ? faceStep(target, c, false) : documentStep(target, c, false);
    if (c.state === "identity_verified") return documentsStep(target, c);
    if (c.state === "documents_read") return materialsStep(target, c);
    if (c.state === "materials_uploaded") return c.mainland ? faceStep(target, c, true) : documentStep(target, c, true);
    return outcomeStep(target, c);
  }

  window.Portal.notarySteps = { render };
})();
