/* 存量房网签 — the agent's contract form in the guide's order (2.2 (三)–(五)): 买卖双方, 合同条款, 申请人信息,
 * 好差评信息, 资金监管信息, 注意事项, each saved with its own PUT; 提交 saves them all, then submits (R001.12). */
"use strict";

(function () {
  const { el, api, ask, busy, describe, notify } = window.Portal;
  const eh = window.Portal.existingHome;
  const { personCheck, idProblem } = window.Portal.identity;
  const { problem, path, fenOf, yuan, PAYMENT_LABEL, BANK_LABEL } = eh;
  const SECTION_LABEL = { parties: "买卖双方信息", terms: "合同条款", applicant: "申请人信息", rating: "好差评信息",
                          escrow: "资金监管信息", notes: "注意事项" };
  const MAX_TEXT = 2000;

  const field = (id, label, input, hint) => el("div", { class: "form-row" },
    el("label", { for: id }, label, hint ? el("span", { class: "hint" }, ` ${hint}`) : null), Object.assign(input, { id }));
  const text = (id, value, attrs) => { const i = el("input", { autocomplete: "off", ...attrs }); i.value = value || ""; return i; };
  const area = (id, value, max) => { const t = el("textarea", { rows: 3, maxlength: max }); t.value = value || ""; return t; };
  const choose = (options, value) => {
    const s = el("select", {}, el("option", { value: "" }, "请选择"), Object.entries(options).map(([v, t]) => el("option", { value: v }, t)));
    s.value = value || "";
    return s;
  };
  const radios = (name, options, value) => el("div", { class: "radios", role: "radiogroup" },
    Object.entries(options).map(([v, t]) => el("label", { class: "check" },
      el("input", { type: "radio", name, value: v, checked: v === value }), ` ${t}`)));
  const picked = (node, name) => (node.querySelector(`input[name=${name}]:checked`) || {}).value || "";
  function plainText(value, label, max, required) {
    if (!value && required) throw problem(`请填写${label}。`);
    if (value.length > max) throw problem(`${label}最多 ${max} 个字，现在有 ${value.length} 个字，请删减。`);
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) throw problem(`${label}中含有不可见的控制字符，请删除后重新输入。`);
    return value;
  }

  function termsSection(c) {
    const t = c.terms || {};
    const price = text("eh-price", Number.isInteger(t.price_fen) ? yuan(t.price_fen).replace(/,/g, "") : "", { inputmode: "decimal", maxlength: 16 });
    const payment = choose(PAYMENT_LABEL, t.payment_method);
    const handover = text("eh-handover", t.handover_date, { type: "date" });
    const clauses = area("eh-clauses", (t.clauses || {}).other_terms, MAX_TEXT);
    return {
      node: [field("eh-price", "成交价格（元）", price, "精确到分，如 1280000 或 1280000.50"),
             field("eh-payment", "付款方式", payment), field("eh-handover", "房屋交付日期", handover),
             field("eh-clauses", "其他约定", clauses, `选填，最多 ${MAX_TEXT} 字`)],
      body() {
        const fen = fenOf(price.value);
        if (!price.value.trim()) throw problem("请填写成交价格（元）。");
        if (fen === null || fen <= 0) throw problem("成交价格须为大于 0 的金额（元），最多两位小数，如 1280000.50。");
        if (!payment.value) throw problem("请选择付款方式。");
        if (!handover.value) throw problem("请选择房屋交付日期。");
        const other = plainText(clauses.value.trim(), "其他约定", MAX_TEXT, false);
        return { price_fen: fen, payment_method: payment.value, handover_date: handover.value,
                 clauses: other ? { other_terms: other } : {} };
      },
    };
  }

  function applicantSection(c) {
    const a = c.applicant || {};
    const name = text("eh-applicant-name", a.name, { maxlength: 100 });
    const phone = text("eh-applicant-phone", a.phone, { type: "tel", inputmode: "numeric", maxlength: 11 });
    const number = text("eh-applicant-id", a.id_number, { maxlength: 18, class: "mono" });
    return {
      node: [field("eh-applicant-name", "申请人姓名", name), field("eh-applicant-phone", "申请人手机号码", phone),
             field("eh-applicant-id", "申请人身份证号码", number)],
      body() {
        const v = { name: name.value.trim(), phone: phone.value.replace(/[\s-]+/g, ""), id_number: number.value.replace(/\s+/g, "").toUpperCase() };
        const wrong = personCheck.name(v.name, "申请人姓名") || personCheck.phone(v.phone) || idProblem("resident_id", v.id_number);
        if (wrong) throw problem(`申请人信息：${wrong}`);
        return v;
      },
    };
  }

  function ratingSection(c) {
    const r = c.rating || {};
    const choice = radios("eh-rating", { good: "好评", average: "中评", poor: "差评" }, r.rating);
    const comment = area("eh-rating-comment", r.comment, 500);
    return {
      node: [el("fieldset", { class: "choice" }, el("legend", {}, "对本次中介服务的评价"), choice),
             field("eh-rating-comment", "评价内容", comment, "选填，最多 500 字")],
      body() {
        const rating = picked(choice, "eh-rating");
        if (!rating) throw problem("请选择好评、中评或差评。");
        return { rating, comment: plainText(comment.value.trim(), "评价内容", 500, false) };
      },
    };
  }

  function escrowSection(c) {
    const e = c.escrow || {};
    const chosen = radios("eh-escrow", { yes: "是", no: "否" }, e.chosen === true ? "yes" : e.chosen === false ? "no" : "");
    const bank = radios("eh-bank", BANK_LABEL, e.bank);
    const channel = radios("eh-channel", { online: "线上办理（跳转建设银行“龙存管”系统）", branch: "到银行支行办理" }, e.channel);
    const waiver = el("input", { type: "checkbox", id: "eh-waiver", checked: !!e.waiver_declared });
    const yesPart = el("div", { class: "escrow-yes" }, el("fieldset", { class: "choice" }, el("legend", {}, "监管银行"), bank),
      el("fieldset", { class: "choice" }, el("legend", {}, "办理方式"), channel),
      el("p", { class: "hint" }, "建设银行可线上办理；农村商业银行须到线下支行办理。"));
    const noPart = el("div", { class: "escrow-no" }, el("label", { class: "check", for: "eh-waiver" }, waiver,
      " 买卖双方已签署《自愿放弃存量房交易资金监管的共同声明》"));
    const node = el("div", {}, el("fieldset", { class: "choice" }, el("legend", {}, "是否选择监管交易资金"), chosen),
      el("p", { class: "hint" }, "为保障买卖双方的合法权益，建议选择资金监管。"), yesPart, noPart);
    const show = () => {
      const yes = picked(chosen, "eh-escrow");
      yesPart.hidden = yes !== "yes";
      noPart.hidden = yes !== "no";
      const online = channel.querySelector("input[value=online]");
      online.disabled = picked(bank, "eh-bank") === "rcb";
      if (online.disabled && online.checked) { online.checked = false; channel.querySelector("input[value=branch]").checked = true; }
    };
    node.addEventListener("change", show);
    show();
    return {
      node,
      body() {
        const yes = picked(chosen, "eh-escrow");
        if (!yes) throw problem("请选择是否监管交易资金。");
        if (yes === "no") {
          if (!waiver.checked) throw problem("不选择资金监管的，须由买卖双方签署《自愿放弃存量房交易资金监管的共同声明》并勾选确认。");
          return { chosen: false, waiver_declared: true };
        }
        const b = picked(bank, "eh-bank");
        const ch = picked(channel, "eh-channel");
        if (!b) throw problem("请选择监管银行。");
        if (!ch) throw problem("请选择资金监管的办理方式。");
        return { chosen: true, bank: b, channel: ch };
      },
    };
  }

  function notesSection(c) {
    const notes = area("eh-notes", c.notes, MAX_TEXT);
    return {
      node: [field("eh-notes", "注意事项", notes, `必填，没有可填“无”；最多 ${MAX_TEXT} 字`)],
      body() { return { notes: plainText(notes.value.trim(), "注意事项", MAX_TEXT, true) }; },
    };
  }

  const FIELD_LABEL = { name: "姓名", id_type: "证件类型", id_number: "证件号码", phone: "联系电话", address: "通讯地址", share: "份额" };
  /** "卖方 1 的证件号码、买方 2 的联系电话" from a 400's details ({"sellers[0].id_number": [...]}). */
  function rowProblems(error) {
    const named = Object.keys(error.details || {}).map((key) => /^(sellers|buyers)\[(\d+)\]\.(\w+)$/.exec(key)).filter(Boolean)
      .map(([, side, index, f]) => `${side === "sellers" ? "卖方" : "买方"} ${Number(index) + 1} 的${FIELD_LABEL[f] || f}`);
    return named.length ? `请核对：${named.join("、")}。` : "";
  }

  /**
   * The editable contract in `target`; `onChanged(contract, note)` once it is submitted (`submitPath`: /submit,
   * or /resubmission after the window review returned it, R001.16).
   */
  function contractForm(target, contract, onChanged, submitPath = "/submit") {
    const parts = { parties: eh.partiesForm(contract), terms: termsSection(contract), applicant: applicantSection(contract),
                    rating: ratingSection(contract), escrow: escrowSection(contract), notes: notesSection(contract) };
    const boxes = {};
    const save = async (name) => {
      const box = boxes[name];
      box.hidden = true;
      let body;
      try {
        body = parts[name].body();
      } catch (error) {
        box.textContent = describe(error);
        box.hidden = false;
        box.closest("section").scrollIntoView({ block: "start" });
        throw error;
      }
      try {
        return await api("PUT", path(contract.contract_id, `/${name}`), body);
      } catch (error) {
        box.textContent = describe(error) + rowProblems(error);
        box.hidden = false;
        box.closest("section").scrollIntoView({ block: "start" });
        throw error;
      }
    };
    const sections = Object.keys(parts).map((name) => {
      boxes[name] = el("div", { class: "error", role: "alert", hidden: true });
      const button = el("button", { type: "button", class: "btn btn-light" }, `保存${SECTION_LABEL[name]}`);
      button.addEventListener("click", () => busy(button, async () => {
        try {
          await save(name);
          notify(`${SECTION_LABEL[name]}已保存。`, "ok");
        } catch (error) { /* shown beside the section */ }
      }, "保存中…"));
      return el("section", { class: "card eh-section", id: `eh-section-${name}`, "aria-label": SECTION_LABEL[name] },
        el("h3", {}, SECTION_LABEL[name]), parts[name].node, boxes[name], el("div", { class: "actions" }, button));
    });
    const submitBox = el("div", { class: "error", role: "alert", hidden: true });
    const submit = el("button", { type: "button", class: "btn btn-primary", id: "eh-submit" }, "提交");
    submit.addEventListener("click", () => busy(submit, async () => {
      submitBox.hidden = true;
      for (const box of Object.values(boxes)) box.hidden = true;
      try {
        for (const name of Object.keys(parts)) await save(name);
      } catch (error) {
        return;
      }
      const sure = await ask({ title: "提交合同", message: "请确认所有业务信息准确无误。提交后将进入“待办业务”，生成电子合同订单供买卖双方签名。",
                               confirmLabel: "确定" });
      if (!sure) return;
      try {
        onChanged(await api("POST", path(contract.contract_id, submitPath)), contract.mode === "window"
          ? "提交完成，请买卖双方本人到交易中心窗口签约。" : "提交完成，请在待办业务中生成电子合同订单。");
      } catch (error) {
        const missing = ((error.details || {}).missing || []).map((s) => SECTION_LABEL[s] || s);
        submitBox.textContent = describe(error) + (missing.length ? `尚未填写：${missing.join("、")}。` : "");
        submitBox.hidden = false;
      }
    }, "提交中…"));
    target.replaceChildren(...sections, el("div", { class: "card" }, submitBox, el("div", { class: "actions" }, submit)));
  }

  eh.contractForm = contractForm;
})();
