/* 存量房网签 — the bureau's window (guide 001, 3.2 (六) and 5.2): 窗口签约 (each party present in person, or by a
 * proxy with a notarized power of attorney naming this matter; a minor's father and mother with the proof of
 * kinship; the signed pages uploaded) and its review (R001.16); 窗口注销 (termination agreement and the parties'
 * photos) and its review (R001.18). Images are PNG or JPEG of at most 500 KB. */
"use strict";

(function () {
  const { $, el, api, ask, notify, showError, busy, describe, table } = window.Portal;
  const staff = window.Portal.staff;
  const eh = window.Portal.existingHome;
  const { askReasons } = window.Portal.bureau;
  const { readImage } = window.Portal.agency;
  const { isMinor, idProblem, personCheck } = window.Portal.identity;
  const { path, problem, action, ROLE_LABEL } = eh;
  let fieldCount = 0;

  /** A file chooser; `images()` reads the chosen files as the API takes them ({content_type, data_base64}). */
  function imagePicker(label, { multiple = false, required = true } = {}) {
    const id = `window-file-${++fieldCount}`;
    const input = el("input", { type: "file", id, accept: "image/png,image/jpeg", multiple });
    return {
      node: el("div", { class: "form-row" }, el("label", { for: id }, label, el("span", { class: "hint" }, " PNG 或 JPG，每张不超过 500K")), input),
      async images() {
        const files = Array.from(input.files || []);
        if (!files.length && required) throw problem(`请上传${label}。`);
        return Promise.all(files.map(readImage));
      },
    };
  }

  const textInput = (label, attrs) => {
    const id = `window-text-${++fieldCount}`;
    const input = el("input", { id, autocomplete: "off", ...attrs });
    return { input, node: el("div", { class: "form-row" }, el("label", { for: id }, label), input) };
  };

  /** One party's presence: in person, or a proxy; a minor's parents and the proof of kinship. */
  function presenceRow(party) {
    const minor = party.minor === true || isMinor(party.id_type, party.id_number || "", new Date()) === true;
    const title = `${ROLE_LABEL[party.role] || ""} ${party.name || party.name_masked}${minor ? "（未成年人）" : ""}`;
    const inPerson = el("input", { type: "checkbox", checked: true });
    const proxyName = textInput("代理人姓名", { maxlength: 100 });
    const proxyId = textInput("代理人身份证号码", { maxlength: 18, class: "mono" });
    const poaMatter = textInput("公证委托书载明的委托事项", { maxlength: 200, value: "存量房买卖合同网签备案" });
    const notarized = el("input", { type: "checkbox" });
    const proxy = el("div", { class: "proxy", hidden: true }, proxyName.node, proxyId.node, poaMatter.node,
      el("label", { class: "check" }, notarized, " 已核验经公证部门出具的委托书原件"));
    inPerson.addEventListener("change", () => { proxy.hidden = inPerson.checked; });
    const parents = minor ? ["father", "mother"].map((relation) => ({ relation,
      name: textInput(relation === "father" ? "父亲姓名" : "母亲姓名", { maxlength: 100 }),
      id: textInput(relation === "father" ? "父亲身份证号码" : "母亲身份证号码", { maxlength: 18, class: "mono" }) })) : [];
    const kinship = minor ? imagePicker("亲子关系证明（户口本或出生证明）") : null;
    const node = el("fieldset", { class: "presence", "aria-label": title }, el("legend", {}, title),
      el("label", { class: "check" }, inPerson, " 本人到场"), proxy,
      parents.map((p) => [p.name.node, p.id.node]), kinship ? kinship.node : null);
    return {
      node,
      async value() {
        const v = { party_id: party.party_id, in_person: inPerson.checked };
        if (!inPerson.checked) {
          const name = proxyName.input.value.trim();
          const number = proxyId.input.value.trim().toUpperCase();
          const wrong = personCheck.name(name, "代理人姓名") || idProblem("resident_id", number);
          if (wrong) throw problem(`${title}：${wrong}`);
          if (!notarized.checked) throw problem(`${title}：委托他人办理的，须核验经公证的委托书原件。`);
          v.proxy = { name, id_number: number, poa_notarized: true, poa_matter: poaMatter.input.value.trim() };
        }
        if (minor) {
          v.guardians = parents.map((p) => ({ relation: p.relation, name: p.name.input.value.trim(),
                                                id_number: p.id.input.value.trim().toUpperCase() }));
          for (const g of v.guardians) {
            const wrong = personCheck.name(g.name, g.relation === "father" ? "父亲姓名" : "母亲姓名") || idProblem("resident_id", g.id_number);
            if (wrong) throw problem(`${title}：${wrong}（未成年人一方须父母双方到场）`);
          }
          [v.kinship_proof] = await kinship.images();
        }
        return v;
      },
    };
  }

  function windowSigningForm(target, c, box) {
    const side = (rows, role) => (rows || []).map((p, i) => ({ party_id: `${role}-${i + 1}`, ...p, role,
                                                              minor: (c.minors || []).includes(p.party_id || `${role}-${i + 1}`) }));
    const parties = [...side(c.sellers, "seller"), ...side(c.buyers, "buyer")];
    const rows = parties.map(presenceRow);
    const pages = imagePicker("签章页（《线下办理存量房买卖合同备案申请表》《广东省房地产买卖合同》签字页）", { multiple: true });
    const waiver = (c.escrow || {}).chosen === false ? imagePicker("《自愿放弃存量房交易资金监管的共同声明》") : null;
    const submit = action("提交审核", "btn-primary", box, async () => {
      const body = { present: [] };
      for (const row of rows) body.present.push(await row.value());
      body.signed_pages = await pages.images();
      if (waiver) [body.waiver_declaration] = await waiver.images();
      return api("POST", path(c.contract_id, "/window-signing"), body);
    }, () => show(c.contract_id, "窗口签约资料已提交审核。"), "提交中…");
    target.append(el("section", { class: "card", "aria-label": "窗口签约" }, el("h3", {}, "窗口签约"),
      el("p", { class: "hint" }, "核对买卖双方有效身份证件原件；不能到场的须由代理人持经公证的委托书办理；有未成年人的，须父母双方到场并提供亲子关系证明。"),
      rows.map((r) => r.node), pages.node, waiver ? waiver.node : null, box, el("div", { class: "actions" }, submit)));
  }

  function windowCancellationForm(target, c, box) {
    const agreement = imagePicker("《存量房买卖合同终止协议》");
    const photos = imagePicker("买卖双方现场照片（至少 2 张）", { multiple: true });
    const reason = el("textarea", { id: "window-cancel-reason", rows: 3, maxlength: 500 });
    const submit = action("提交审核", "btn-primary", box, async () => {
      const text = reason.value.trim();
      if (!text) throw problem("请填写注销原因。");
      const taken = await photos.images();
      if (taken.length < 2) throw problem("请上传买卖双方的现场照片，至少 2 张。");
      const [termination] = await agreement.images();
      return api("POST", path(c.contract_id, "/window-cancellation"), { termination_agreement: termination, photos: taken, reason: text });
    }, () => show(c.contract_id, "窗口注销资料已提交审核。"), "提交中…");
    target.append(el("section", { class: "card", "aria-label": "窗口注销" }, el("h3", {}, "窗口注销"),
      agreement.node, photos.node, el("label", { for: "window-cancel-reason" }, "注销原因"), reason, box,
      el("div", { class: "actions" }, submit)));
  }

  function reviewButtons(target, c, box) {
    const cancelling = c.state === "window_cancellation_review";
    const route = cancelling ? "/window-cancellation-review" : "/window-review";
    const approve = action("审核通过", "btn-approve", box, async () => {
      const sure = await ask({ title: "审核通过", confirmLabel: "通过", message: cancelling ? "通过后合同注销，备案号作废。" : "通过后合同备案，生成备案号。" });
      return sure ? api("POST", path(c.contract_id, route), { decision: "approve" }) : null;
    }, () => awaitDecision(c), "办理中…");
    const reject = action("退回", "btn-reject", box, async () => {
      const reasons = await askReasons("退回窗口业务", "请写明退回原因，经办人修改后可重新提交。");
      return reasons ? api("POST", path(c.contract_id, route), { decision: "reject", reasons }) : null;
    }, () => awaitDecision(c), "办理中…");
    target.append(el("section", { class: "card", "aria-label": "审核" }, el("h3", {}, cancelling ? "窗口注销审核" : "窗口签约审核"),
      box, el("div", { class: "actions" }, approve, reject)));
  }

  async function awaitDecision(c) {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const fresh = await api("GET", path(c.contract_id));
      if (fresh.state !== c.state) {
        loadQueue();
        return show(fresh.contract_id, { filed: `已备案，备案号 ${fresh.filing_number}。`, cancelled: "已注销，备案号作废。",
                                         window_rejected: "已退回，经办人修改后可重新提交。" }[fresh.state] || "已办结。");
      }
      await window.Portal.sleep(800);
    }
    return show(c.contract_id, "审核结果仍在办理中，请稍后刷新。");
  }

  async function show(contractId, note) {
    const detail = $("window-detail");
    detail.hidden = false;
    window.Portal.loading(detail);
    try {
      const c = await api("GET", path(contractId));
      const box = el("div", { class: "error", role: "alert", hidden: true });
      detail.replaceChildren(el("div", { class: "card" }, el("h3", {}, `存量房买卖合同 ${c.contract_number}`), eh.contractFacts(c)));
      if (c.mode === "window" && ["submitted", "corrected"].includes(c.state)) windowSigningForm(detail, c, box);
      else if (["window_review", "window_cancellation_review"].includes(c.state)) reviewButtons(detail, c, box);
      else if (c.mode === "window" && c.state === "filed") windowCancellationForm(detail, c, box);
      else detail.append(el("p", { class: "card hint" }, "该合同当前没有需要窗口办理的业务。"));
      if (note) notify(note, "ok");
    } catch (error) {
      detail.replaceChildren(el("div", { class: "error", role: "alert" }, describe(error)));
    }
  }

  async function search(event) {
    event.preventDefault();
    showError("window-search-error", null);
    const number = $("window-number").value.trim().toUpperCase();
    if (!/^CL[0-9]{10}$/.test(number)) return showError("window-search-error", problem("请输入完整的存量房合同编号，如 CL2026000123。"));
    await busy($("window-search-submit"), async () => {
      try {
        const found = ((await api("GET", "/api/v1/existing-home-contracts")).contracts || []).find((c) => c.contract_number === number);
        if (!found) return showError("window-search-error", problem(`没有找到合同 ${number}，请核对合同编号。`));
        return show(found.contract_id);
      } catch (error) {
        if (error.status !== 401) showError("window-search-error", error);
        return undefined;
      }
    }, "查找中…");
    return undefined;
  }

  async function loadQueue() {
    const target = $("window-queue");
    showError("window-queue-error", null);
    window.Portal.loading(target);
    try {
      const state = $("window-queue-state").value;
      const rows = (await api("GET", `/api/v1/existing-home-contracts?state=${encodeURIComponent(state)}`)).contracts || [];
      target.replaceChildren(rows.length ? table(["合同编号", "房屋坐落", "提交时间", "操作"], rows.map((c) => [
        el("span", { class: "mono" }, c.contract_number), c.address || c.property_id, window.Portal.formatTime(c.drafted_at),
        el("button", { type: "button", class: "btn btn-small", onclick: () => show(c.contract_id) }, "审核"),
      ])) : el("p", { class: "empty" }, "没有待审核的窗口业务。"));
    } catch (error) {
      target.replaceChildren();
      if (error.status !== 401) showError("window-queue-error", error);
    }
  }

  staff.register({ "bureau-existing": loadQueue }, () => {
    $("window-search-form").reset();
    $("window-queue").replaceChildren();
    $("window-detail").hidden = true;
    $("window-detail").replaceChildren();
  }, () => {
    $("window-search-form").addEventListener("submit", search);
    $("window-queue-refresh").addEventListener("click", loadQueue);
    $("window-queue-state").addEventListener("change", loadQueue);
  });
})();
