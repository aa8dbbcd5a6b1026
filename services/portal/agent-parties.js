/* 存量房网签 — the contract's sellers (卖方) and buyers (买方): one person per row (添加共有人 adds a row), the
 * co-ownership nature when a side has several people (共同共有, or 按份共有 with shares totalling exactly 100 %),
 * checked here as the server checks it; the body of PUT …/parties. */
"use strict";

(function () {
  const { el } = window.Portal;
  const { DOCUMENTS, idProblem, personCheck, isMinor } = window.Portal.identity;
  const { hundredthsOf, problem, CO_LABEL } = window.Portal.existingHome;
  const SIDE_LABEL = { sellers: "卖方", buyers: "买方" };
  let rowCount = 0;

  /** One person's row: name, document, number, phone, address and (by shares) the share. */
  function personRow(side, person, onChange) {
    const p = person || {};
    const n = ++rowCount;
    const input = (name, label, attrs, value) => {
      const id = `eh-${side}-${n}-${name}`;
      const node = name === "id_type"
        ? el("select", { id, name }, DOCUMENTS.map(([v, text]) => el("option", { value: v }, text)))
        : el("input", { id, name, autocomplete: "off", ...attrs });
      node.value = value || (name === "id_type" ? "resident_id" : "");
      return { name, node, wrap: el("div", { class: `person-field field-${name}` }, el("label", { for: id }, label), node) };
    };
    const fields = [
      input("name", "姓名", { maxlength: 100 }, p.name),
      input("id_type", "证件类型", {}, p.id_type),
      input("id_number", "证件号码", { maxlength: 18, class: "mono", spellcheck: "false" }, p.id_number),
      input("phone", "联系电话", { type: "tel", inputmode: "numeric", maxlength: 11 }, p.phone),
      input("address", "通讯地址", { maxlength: 200 }, p.address),
      input("share", "份额（%）", { inputmode: "decimal", maxlength: 6 }, p.share),
    ];
    const by = Object.fromEntries(fields.map((f) => [f.name, f.node]));
    const remove = el("button", { type: "button", class: "btn btn-small btn-light remove-person" }, "删除此人");
    const legend = el("legend", {});
    const node = el("fieldset", { class: "person-row" }, legend, fields.map((f) => f.wrap), remove);
    by.id_number.addEventListener("change", onChange);
    return {
      node, remove, legend,
      shareField: fields[5].wrap,
      values() {
        return { name: by.name.value.trim(), id_type: by.id_type.value,
                 id_number: by.id_number.value.replace(/\s+/g, "").toUpperCase(),
                 phone: by.phone.value.replace(/[\s-]+/g, ""), address: by.address.value.trim(),
                 share: by.share.value.trim() };
      },
      focus() { by.name.focus(); },
    };
  }

  /** One side (sellers or buyers): its rows, 添加共有人 and its co-ownership nature. */
  function sideBlock(side, rows, coOwnership) {
    const label = SIDE_LABEL[side];
    const list = el("div", { class: "person-rows" });
    const minorNote = el("p", { class: "hint minor-note", role: "status", hidden: true });
    const coId = `eh-${side}-co`;
    const co = el("select", { id: coId }, el("option", { value: "" }, "请选择"),
                  Object.entries(CO_LABEL).map(([v, text]) => el("option", { value: v }, text)));
    co.value = coOwnership || "";
    const coRow = el("div", { class: "co-ownership" }, el("label", { for: coId }, `${label}共有性质`), co,
                     el("span", { class: "hint" }, "多人时必选；按份共有须填写每人的份额，合计 100%"));
    const people = [];
    const refresh = () => {
      const several = people.length > 1;
      coRow.hidden = !several;
      people.forEach((p, i) => {
        p.legend.textContent = `${label} ${i + 1}`;
        p.node.setAttribute("aria-label", `${label} ${i + 1}`);
        p.remove.hidden = !several;
        p.shareField.hidden = !(several && co.value === "shares");
      });
      const today = new Date();
      const minors = people.map((p) => p.values()).filter((v) => isMinor(v.id_type, v.id_number, today));
      minorNote.hidden = minors.length === 0;
      minorNote.textContent = minors.length
        ? `${minors.map((m) => m.name || "有一人").join("、")}未满 18 周岁：有未成年人的合同不能线上签约，须到交易中心窗口办理，未成年人一方须父母双方到场。` : "";
    };
    const add = (person) => {
      const row = personRow(side, person, refresh);
      row.remove.addEventListener("click", () => {
        people.splice(people.indexOf(row), 1);
        row.node.remove();
        refresh();
      });
      people.push(row);
      list.append(row.node);
      refresh();
      return row;
    };
    (rows && rows.length ? rows : [{}]).forEach(add);
    co.addEventListener("change", refresh);
    const addButton = el("button", { type: "button", class: "btn btn-small", onclick: () => add({}).focus() }, `添加${label}共有人`);
    return {
      node: el("div", { class: "side", dataset: { side } }, el("h4", {}, `${label}信息`), list, coRow, minorNote,
                el("div", { class: "actions" }, addButton)),
      rows: () => people.map((p) => p.values()),
      coOwnership: () => (people.length > 1 ? co.value : ""),
    };
  }

  /** The rows as the API takes them, or a problem naming the row to correct. */
  function sideBody(block, label) {
    const rows = block.rows();
    const co = block.coOwnership();
    for (const [i, row] of rows.entries()) {
      const where = `${label} ${i + 1}：`;
      const wrong = personCheck.name(row.name) || personCheck.id_type(row.id_type) || idProblem(row.id_type, row.id_number)
        || personCheck.phone(row.phone) || personCheck.address(row.address);
      if (wrong) throw problem(where + wrong);
    }
    if (rows.length > 1 && !co) throw problem(`${label}有 ${rows.length} 人，请选择${label}共有性质（共同共有或按份共有）。`);
    if (co === "shares") {
      let total = 0;
      for (const [i, row] of rows.entries()) {
        const h = hundredthsOf(row.share);
        if (h === null || h === 0) throw problem(`${label} ${i + 1}：请填写份额，如 50 或 33.33（最多两位小数）。`);
        total += h;
      }
      if (total !== 10000) throw problem(`${label}各共有人的份额合计为 ${(total / 100).toFixed(2)}%，必须正好是 100%。`);
    }
    return rows.map(({ share, ...person }) => (co === "shares" ? { ...person, share } : person));
  }

  /** The sellers' and buyers' blocks; body() is PUT …/parties's body, or throws the first problem. */
  function partiesForm(contract) {
    const property = contract.property || {};
    const owners = property.owners || (property.owner_names || []).map((name) => ({ name }));
    const sellers = sideBlock("sellers", contract.sellers && contract.sellers.length ? contract.sellers : owners.map(() => ({})),
                              contract.seller_co_ownership);
    if (owners.length) {
      sellers.node.querySelector("h4").after(el("p", { class: "hint owners" }, "卖方须为登记的产权人，每位产权人填写一行：",
        owners.map((o) => [o.name || o.name_masked, o.id_number_masked, o.share].filter(Boolean).join(" ")).join("、")));
    }
    const buyers = sideBlock("buyers", contract.buyers, contract.buyer_co_ownership);
    return {
      node: el("div", { class: "parties" }, sellers.node, buyers.node),
      body() {
        const body = { sellers: sideBody(sellers, "卖方"), buyers: sideBody(buyers, "买方") };
        const numbers = [...body.sellers, ...body.buyers].map((p) => p.id_number);
        const twice = numbers.find((n, i) => numbers.indexOf(n) !== i);
        if (twice) throw problem(`证件号码 ${twice} 填写了两次：每一格只能填写一个人，同一人不能重复填写。`);
        if (sellers.coOwnership()) body.seller_co_ownership = sellers.coOwnership();
        if (buyers.coOwnership()) body.buyer_co_ownership = buyers.coOwnership();
        return body;
      },
    };
  }

  window.Portal.existingHome.partiesForm = partiesForm;
})();
