/* A person's identity documents as the server checks them (shared/identity_documents.py): the document types,
 * the resident ID number of GB 11643-1999 with its check character, and the checks of a person's name, phone
 * and address. Used by every form that names a person (the developer's buyer, the agent's sellers and buyers). */
"use strict";

(function () {
  const DOCUMENTS = [
    ["resident_id", "居民身份证", "18 位（最后一位可为 X），或 15 位的第一代身份证号码"],
    ["hk_macau_travel_permit", "港澳居民来往内地通行证", "H 或 M 开头，后接 8 位或 10 位数字"],
    ["taiwan_travel_permit", "台湾居民来往大陆通行证", "8 位或 10 位数字"],
    ["hk_macau_taiwan_residence_permit", "港澳台居民居住证", "18 位，以 810000、820000 或 830000 开头"],
    ["passport", "护照", "5 至 17 位字母和数字"],
  ];
  const PROVINCES = new Set(("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 " +
                             "61 62 63 64 65 71 81 82 83").split(" "));
  const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const checkCharacter = (body) => "10X98765432"[body.split("").reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i], 0) % 11];
  const NOT_IN_A_NAME = /[0-9０-９<>{}[\]@#$%^&*=+|\\/:;"?!~`_]/;
  const CONTROL = /[\u0000-\u001F\u007F]/;  // eslint-disable-line no-control-regex
  const ID_REASON = {
    format: "证件号码的位数或格式不对",
    region: "证件号码开头的地区代码不存在",
    birth_date: "证件号码中的出生日期不存在",
    check_character: "证件号码的最后一位（校验位）与前面的数字不符，请逐位核对",
    id_type: "请选择证件类型",
  };

  /** A resident ID number (GB 11643-1999) in its 18-character form, or a Chinese sentence saying what is wrong. */
  function residentId(raw) {
    let number = raw;
    if (/^[0-9]{15}$/.test(number)) {
      const body = `${number.slice(0, 6)}19${number.slice(6)}`;
      number = body + checkCharacter(body);
    } else if (!/^[0-9]{17}[0-9X]$/.test(number)) {
      return { problem: "身份证号码应为 18 位（最后一位可为 X），或 15 位数字。" };
    }
    if (number.startsWith("000000") || !PROVINCES.has(number.slice(0, 2))) return { problem: `${ID_REASON.region}。` };
    const [y, m, d] = [number.slice(6, 10), number.slice(10, 12), number.slice(12, 14)].map(Number);
    const born = new Date(Date.UTC(y, m - 1, d));
    if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d ||
        y < 1900 || born.getTime() > Date.now()) return { problem: `${ID_REASON.birth_date}。` };
    if (number[17] !== checkCharacter(number.slice(0, 17))) return { problem: `${ID_REASON.check_character}。` };
    return { number };
  }

  function idProblem(type, raw) {
    const number = raw.toUpperCase();
    if (!number) return "请填写证件号码。";
    if (type === "resident_id") return residentId(number).problem || null;
    if (type === "hk_macau_taiwan_residence_permit") {
      if (!/^8[123]0000/.test(number) || number.length !== 18) return "港澳台居民居住证号码为 18 位，以 810000、820000 或 830000 开头。";
      return residentId(number).problem || null;
    }
    const shape = { hk_macau_travel_permit: /^[HM][0-9]{8}([0-9]{2})?$/, taiwan_travel_permit: /^[0-9]{8}([0-9]{2})?$/,
                    passport: /^(?=[A-Z0-9]*[0-9])[A-Z0-9]{5,17}$/ }[type];
    if (!shape) return "请选择证件类型。";
    if (!shape.test(number)) return `证件号码格式不对：${DOCUMENTS.find((d) => d[0] === type)[2]}。`;
    return null;
  }

  /** The checks of a person's fields; each returns a Chinese sentence, or null when the value is right. */
  const personCheck = {
    name: (v, label = "姓名") => (!v ? `请填写${label}。` : v.length > 100 ? `姓名最多 100 个字，现在有 ${v.length} 个字。`
      : CONTROL.test(v) ? "姓名中含有不可见的控制字符，请删除后重新输入。"
      : NOT_IN_A_NAME.test(v) ? "姓名中不能有数字或 @ # < / 等符号，请与身份证件核对。" : null),
    id_type: (v) => (DOCUMENTS.some((d) => d[0] === v) ? null : "请选择证件类型。"),
    phone: (v) => (!v ? "请填写联系电话。" : /^1[3-9][0-9]{9}$/.test(v) ? null : "请填写 11 位手机号码，以 1 开头，只写数字。"),
    address: (v) => (!v ? "请填写通讯地址。" : CONTROL.test(v) ? "通讯地址中含有不可见的控制字符或换行，请写在一行内。"
      : v.length < 5 || v.length > 200 ? `通讯地址应为 5 至 200 个字，现在有 ${v.length} 个字。` : null),
  };

  /** Whether a resident ID number's holder is under 18 on `today` (a Date of the Shanghai day), or null if unknown. */
  function isMinor(type, raw, today) {
    if (type !== "resident_id") return null;
    const { number } = residentId(String(raw || "").toUpperCase());
    if (!number) return null;
    const [y, m, d] = [number.slice(6, 10), number.slice(10, 12), number.slice(12, 14)].map(Number);
    const [ty, tm, td] = [today.getFullYear(), today.getMonth() + 1, today.getDate()];
    const age = ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
    return age < 18;
  }

  const DOCUMENT_LABEL = Object.fromEntries(DOCUMENTS.map(([value, label]) => [value, label]));

  window.Portal.identity = { DOCUMENTS, DOCUMENT_LABEL, ID_REASON, CONTROL, residentId, idProblem, personCheck, isMinor };
})();
