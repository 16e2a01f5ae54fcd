// A tiny DOM, just enough to run static/js/picker.js under node (tests/js/picker_test.js).
class Ev { constructor(type, o) { this.type = type; this.bubbles = !!(o && o.bubbles); this.key = o && o.key; this.defaultPrevented = false; this.stopped = false; }
  preventDefault() { this.defaultPrevented = true; } stopPropagation() { this.stopped = true; } }
class El {
  constructor(tag) { this.tagName = tag.toUpperCase(); this.attrs = {}; this.children = []; this.parentNode = null; this._text = ""; this.listeners = {}; this.dataset = {}; this._sel = false; this.checked = false; this.value = "";
    const self = this; this.classList = { add(c) { const s = new Set((self.attrs.class || "").split(" ").filter(Boolean)); s.add(c); self.attrs.class = [...s].join(" "); }, remove(c) { self.attrs.class = (self.attrs.class || "").split(" ").filter(x => x && x !== c).join(" "); }, contains(c) { return (self.attrs.class || "").split(" ").includes(c); } }; }
  setAttribute(k, v) { this.attrs[k] = String(v); if (k === "id") this.id = String(v); if (k.startsWith("data-")) this.dataset[k.slice(5)] = String(v); if (k === "value") this.value = String(v); }
  getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; }
  removeAttribute(k) { delete this.attrs[k]; }
  get selected() { return this._sel; }
  set selected(v) { if (v) { const sel = this.closest("select"); if (sel && !sel.multiple) sel.options.forEach(o => o._sel = false); } this._sel = !!v; }
  get hidden() { return "hidden" in this.attrs; } set hidden(v) { if (v) this.attrs.hidden = ""; else delete this.attrs.hidden; }
  get id() { return this.attrs.id || ""; } set id(v) { this.attrs.id = v; }
  get htmlFor() { return this.attrs.for; } set htmlFor(v) { this.attrs.for = v; }
  appendChild(c) { if (c.parentNode) c.remove(); c.parentNode = this; this.children.push(c); return c; }
  append(...cs) { cs.forEach(c => this.appendChild(c)); }
  insertBefore(c, ref) { if (c.parentNode) c.remove(); c.parentNode = this; const i = ref ? this.children.indexOf(ref) : -1; if (i < 0) this.children.push(c); else this.children.splice(i, 0, c); return c; }
  remove() { const p = this.parentNode; if (p) { p.children.splice(p.children.indexOf(this), 1); this.parentNode = null; } }
  get nextSibling() { const p = this.parentNode; return p ? p.children[p.children.indexOf(this) + 1] || null : null; }
  get nextElementSibling() { return this.nextSibling; }
  get textContent() { return this._text + this.children.map(c => c.textContent).join(""); }
  set textContent(v) { this._text = v; this.children.forEach(c => c.parentNode = null); this.children = []; }
  get text() { return this.textContent; }
  get options() { return this.all().filter(e => e.tagName === "OPTION"); }
  get multiple() { return "multiple" in this.attrs; }
  all() { return this.children.flatMap(c => [c, ...c.all()]); }
  matches(sel) { return sel.split(",").some(s => match(this, s.trim())); }
  querySelectorAll(sel) { return this.all().filter(e => e.matches(sel)); }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
  closest(sel) { let e = this; while (e && e.tagName) { if (e.matches(sel)) return e; e = e.parentNode; } return null; }
  addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); }
  dispatchEvent(ev) { ev.target = ev.target || this; let e = this; while (e) { (e.listeners[ev.type] || []).forEach(f => f.call(e, ev)); if (!ev.bubbles || ev.stopped) break; e = e.parentNode; } return !ev.defaultPrevented; }
  focus() { const was = document.activeElement; if (was === this) return; document.activeElement = this; if (was && was.dispatchEvent) was.dispatchEvent(new Ev("blur")); this.dispatchEvent(new Ev("focus")); }
  blur() { document.activeElement = document.body; this.dispatchEvent(new Ev("blur")); }
  select() {} scrollIntoView() {}
  get selectedOptions() { return this.options.filter(o => o.selected); }
}
function match(e, s) {
  let m;
  if ((m = s.match(/^(\w*)\[(\w[\w-]*)(?:(\^?=)['"]?([^'"\]]*)['"]?)?\]$/))) {
    if (m[1] && e.tagName !== m[1].toUpperCase()) return false;
    if (m[3] === undefined) return m[2] in e.attrs;
    const value = e.attrs[m[2]];
    return m[3] === "=" ? value === m[4] : typeof value === "string" && value.startsWith(m[4]);
  }
  if (s.startsWith(".")) return e.classList.contains(s.slice(1));
  if (s.startsWith("#")) return e.id === s.slice(1);
  return e.tagName === s.toUpperCase();
}
global.Event = Ev;
global.El = El;
global.document = new El("document");
document.body = new El("body"); document.appendChild(document.body);
document.createElement = t => new El(t);
document.getElementById = id => document.querySelector("#" + id);
document.readyState = "complete";
document.activeElement = document.body;
document.currentScript = { dataset: { remove: "Remove %s", results: "Results: %s", added: "Chosen: %s", removed: "Removed: %s" } };
module.exports = { El, Ev };
