// picker.js in a tiny DOM (tiny_dom.js): typing filters (accents aside), Enter, arrows, Backspace,
// Escape, chips, a box ticked from elsewhere. Run by tests/test_picker_script.py when node exists.
const { El, Ev } = require("./tiny_dom.js");
const assert = require("assert");
function el(tag, attrs, kids, text) { const e = new El(tag); Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v)); (kids || []).forEach(k => e.appendChild(k)); if (text) e._text = text; return e; }
function opt(v, label, k, sel) { const o = el("option", k ? { value: v, "data-k": k } : { value: v }, [], label); o.selected = !!sel; return o; }
const form = el("form");
document.body.appendChild(form);
let formChanges = 0, formKeyups = 0;
form.addEventListener("change", () => formChanges++);
form.addEventListener("keyup", () => formKeyups++);
// a select multiple
form.appendChild(el("label", { for: "id_languages" }, [], "Languages"));
const langs = el("select", { id: "id_languages", name: "languages", multiple: "", "data-picker": "Search languages", "aria-describedby": "h" }, [
  el("optgroup", { label: "Common choices" }, [opt("ar", "Arabic (العربية)", "Arabic العربية ar", true), opt("fr", "French (Français)", "French Français fr")]),
  el("optgroup", { label: "All languages" }, [opt("de", "German (Deutsch)", "German Deutsch de")]),
]);
langs.options.forEach(o => { o.parentNode.label = o.parentNode.attrs.label; });
form.appendChild(langs);
form.appendChild(el("span", { class: "help picker-hint" }, [], "hint"));
// a single select
form.appendChild(el("label", { for: "id_country" }, [], "Country"));
const country = el("select", { id: "id_country", name: "country", "data-picker": "Search countries" }, [opt("", "Choose"), opt("JO", "Jordan", "", true), opt("MA", "Morocco")]);
form.appendChild(country);
// checkboxes in details
const fs = el("fieldset", { "aria-describedby": "th" }, [el("legend", {}, [], "Themes")]);
const box = (v, slug, label) => { const i = el("input", { type: "checkbox", name: "themes", value: v, id: "id_themes_" + slug, "data-k": "Eau" }); return el("label", { for: i.id }, [i], " " + label); };
const details = el("details", { id: "id_themes", "data-picker": "Search themes" }, [el("summary", {}, [], "Choose"), el("div", { class: "picker-box-list" }, [el("p", { class: "picker-group" }, [], "Most used"), box("3", "water-supply", "Water supply"), box("4", "mobility", "Mobility")])]);
fs.appendChild(details); form.appendChild(fs);

require("../../static/js/picker.js");

const pickers = form.querySelectorAll(".picker");
assert.strictEqual(pickers.length, 3, "three pickers");
assert.ok(langs.hidden && country.hidden && details.hidden);
assert.ok(!form.querySelector(".picker-hint"), "hint removed");
const [lp, cp, tp] = pickers;
const lin = lp.querySelector("input");
assert.strictEqual(form.querySelector("label").htmlFor, lin.id);
assert.strictEqual(lin.getAttribute("aria-describedby"), "h");
// chips show Arabic
assert.deepStrictEqual(lp.querySelectorAll("button").map(b => b.getAttribute("aria-label")), ["Remove Arabic (العربية)"]);
// type "francais" and Enter
lin.focus(); lin.value = "francais"; lin.dispatchEvent(new Ev("input", { bubbles: true }));
assert.strictEqual(lin.getAttribute("aria-expanded"), "true");
const listbox = lp.querySelectorAll("[role=listbox]")[0];
assert.deepStrictEqual(listbox.querySelectorAll("[role=option]").map(o => o.textContent), ["French (Français)"]);
assert.ok(lin.getAttribute("aria-activedescendant"));
const enter = new Ev("keydown", { key: "Enter", bubbles: true });
lin.dispatchEvent(enter);
assert.ok(enter.defaultPrevented, "Enter does not submit");
assert.deepStrictEqual(langs.selectedOptions.map(o => o.value), ["ar", "fr"]);
assert.strictEqual(lin.value, "");
assert.strictEqual(formChanges, 1, "the form heard one change");
lin.dispatchEvent(new Ev("keyup", { bubbles: true }));
assert.strictEqual(formKeyups, 0, "filter keystrokes do not reach the form");
assert.strictEqual(lp.querySelectorAll("button").length, 2);
// Backspace on empty removes the last chip
lin.dispatchEvent(new Ev("keydown", { key: "Backspace" }));
assert.deepStrictEqual(langs.selectedOptions.map(o => o.value), ["ar"]);
// arrows: open the full list with groups, move down twice, Enter toggles German? (order ar, fr, de)
lin.dispatchEvent(new Ev("keydown", { key: "Escape" }));
lin.dispatchEvent(new Ev("keydown", { key: "ArrowDown" }));
assert.strictEqual(lin.getAttribute("aria-expanded"), "true");
assert.deepStrictEqual(listbox.children.map(c => c.textContent), ["Common choices", "Arabic (العربية)", "French (Français)", "All languages", "German (Deutsch)"]);
lin.dispatchEvent(new Ev("keydown", { key: "ArrowDown" }));
lin.dispatchEvent(new Ev("keydown", { key: "ArrowDown" }));
lin.dispatchEvent(new Ev("keydown", { key: "Enter" }));
assert.deepStrictEqual(langs.selectedOptions.map(o => o.value), ["ar", "de"]);
lin.dispatchEvent(new Ev("keydown", { key: "Escape" }));
assert.strictEqual(lin.getAttribute("aria-expanded"), "false");
// chip click removes
lp.querySelectorAll("button")[0].dispatchEvent(new Ev("click"));
assert.deepStrictEqual(langs.selectedOptions.map(o => o.value), ["de"]);

// single select
const cin = cp.querySelector("input");
assert.strictEqual(cin.value, "Jordan");
cin.focus(); cin.value = "moro"; cin.dispatchEvent(new Ev("input"));
cin.dispatchEvent(new Ev("keydown", { key: "Enter" }));
assert.strictEqual(country.options.find(o => o.selected).value, "MA");
assert.strictEqual(cin.value, "Morocco");
cin.value = "xyz"; cin.dispatchEvent(new Ev("input"));
cin.dispatchEvent(new Ev("keydown", { key: "Escape" }));
cin.dispatchEvent(new Ev("keydown", { key: "Escape" }));
assert.strictEqual(cin.value, "Morocco");

// checkboxes: a label elsewhere ticks a box; the chip appears
const tin = tp.querySelector("input");
// named by the group's visible legend
const legendId = tin.getAttribute("aria-labelledby");
assert.ok(legendId);
assert.strictEqual(fs.querySelector("legend").id, legendId);
assert.strictEqual(tin.getAttribute("aria-describedby"), "th");
const water = details.querySelector("#id_themes_water-supply");
water.checked = true; water.dispatchEvent(new Ev("change", { bubbles: true }));
assert.deepStrictEqual(tp.querySelectorAll("button").map(b => b.getAttribute("aria-label")), ["Remove Water supply"]);
tin.focus(); tin.value = "eau"; tin.dispatchEvent(new Ev("input"));
assert.deepStrictEqual(tp.querySelectorAll("[role=option]").map(o => o.getAttribute("aria-selected")), ["true", "false"]);
console.log("picker.js smoke test passed");

// The error summary's link to a hidden control focuses its picker.
const link = el("a", { href: "#id_languages" }, [], "Languages");
form.appendChild(link);
const click = new Ev("click", { bubbles: true });
click.target = link;
link.dispatchEvent(click);
assert.ok(click.defaultPrevented);
assert.strictEqual(document.activeElement, lin);
console.log("error links passed");
