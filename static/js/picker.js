/* Connective pickers (see connective/core/pickers.py): every element marked data-picker, a
   <select> (single or multiple) or a <details> of checkboxes, becomes a searchable combobox
   (WAI-ARIA APG: a text box with aria-activedescendant over a listbox). The original control
   stays in the form, hidden, and holds the value; without this script it works on its own.
   Words come from the <script> tag's data-* attributes, translated by the server. */
(function () {
  "use strict";
  var words = (document.currentScript || {}).dataset || {};
  var count = 0;
  var SHOWN = 80; // options listed at once; typing narrows the rest

  function fold(text) {
    // Accents and Arabic vowel marks do not count: "francais" finds "Français".
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "").toLowerCase();
  }
  function say(template, value) {
    return (template || "%s").replace("%s", value);
  }
  function make(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text) el.textContent = text;
    return el;
  }

  function itemsOf(root) {
    var items = [];
    if (root.tagName === "SELECT") {
      Array.prototype.forEach.call(root.options, function (o) {
        var group = o.parentNode.tagName === "OPTGROUP" ? o.parentNode.label : "";
        items.push({ el: o, value: o.value, label: o.text, group: group, text: fold(o.text + " " + (o.dataset.k || "")) });
      });
    } else {
      var group = "";
      Array.prototype.forEach.call(root.querySelectorAll(".picker-group, input[type=checkbox]"), function (el) {
        if (el.tagName !== "INPUT") { group = el.textContent; return; }
        var label = el.closest("label").textContent.trim();
        items.push({ el: el, value: el.value, label: label, group: group, text: fold(label + " " + (el.dataset.k || "")) });
      });
    }
    return items;
  }
  function isOn(item) { return item.el.tagName === "OPTION" ? item.el.selected : item.el.checked; }

  function picker(root) {
    var multiple = root.tagName !== "SELECT" || root.multiple;
    var id = "picker-" + (++count);
    var items = itemsOf(root);
    var shown = [];
    var active = -1;
    var label = root.id && document.querySelector("label[for='" + root.id + "']");
    var legend = root.closest("fieldset") && root.closest("fieldset").querySelector("legend");
    var box = make("div", { "class": "picker" + (multiple ? " picker-multiple" : "") });
    var chips = make("ul", { "class": "picker-chips", role: "list" });
    var input = make("input", {
      type: "text", id: id, role: "combobox", autocomplete: "off", "aria-autocomplete": "list",
      "aria-expanded": "false", "aria-controls": id + "-list", placeholder: root.dataset.picker || ""
    });
    var list = make("ul", { id: id + "-list", role: "listbox", "class": "picker-list", hidden: "" });
    var status = make("div", { role: "status", "class": "visually-hidden" });
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      var value = root.getAttribute(name) || (root.closest("fieldset") || root).getAttribute(name);
      if (value) input.setAttribute(name, value);
    });
    if (label) { label.htmlFor = id; label.id = label.id || id + "-label"; }
    var name = label ? label.textContent : legend ? legend.textContent : "";
    list.setAttribute("aria-label", name.trim());
    // A group of boxes has a legend, not a label: the legend, visible, names the text box.
    if (!label && legend) { legend.id = legend.id || id + "-legend"; input.setAttribute("aria-labelledby", legend.id); }
    if (multiple) { list.setAttribute("aria-multiselectable", "true"); box.appendChild(chips); }
    box.append(input, list, status);
    var hint = root.nextElementSibling;
    if (hint && hint.classList.contains("picker-hint")) hint.remove(); // how to choose without the script
    root.hidden = true;
    root.picker = input;
    root.parentNode.insertBefore(box, root.nextSibling);

    function changed(item) {
      // On the <select> or the checkbox, as a person's choice would (htmx listens for it).
      (item.el.tagName === "OPTION" ? root : item.el).dispatchEvent(new Event("change", { bubbles: true }));
    }
    function showChosen() {
      var chosen = items.filter(isOn)[0];
      input.value = chosen && chosen.value ? chosen.label : "";
    }
    function drawChips() {
      if (!multiple) {
        if (document.activeElement !== input) showChosen();
        return;
      }
      chips.textContent = "";
      items.filter(isOn).forEach(function (item) {
        var chip = make("button", { type: "button", "class": "chip", "aria-label": say(words.remove, item.label) }, item.label + " ");
        chip.appendChild(make("span", { "aria-hidden": "true" }, "×"));
        chip.addEventListener("click", function () { toggle(item, false); input.focus(); });
        var li = make("li");
        li.appendChild(chip);
        chips.appendChild(li);
      });
    }
    function open(on) {
      list.hidden = !on;
      input.setAttribute("aria-expanded", on ? "true" : "false");
      if (!on) { active = -1; input.removeAttribute("aria-activedescendant"); }
    }
    function drawList() {
      var terms = fold(input.value).split(/\s+/).filter(Boolean);
      if (!multiple && items.some(function (i) { return isOn(i) && i.label === input.value; })) terms = [];
      var matches = items.filter(function (item) {
        return item.value && terms.every(function (t) { return item.text.indexOf(t) !== -1; });
      });
      shown = matches.slice(0, SHOWN);
      list.textContent = "";
      var group = null;
      shown.forEach(function (item, index) {
        if (item.group !== group && !terms.length) {
          group = item.group;
          if (group) list.appendChild(make("li", { role: "presentation", "class": "picker-group" }, group));
        }
        var li = make("li", { role: "option", id: id + "-" + index, "aria-selected": isOn(item) ? "true" : "false" }, item.label);
        li.addEventListener("click", function () { choose(item); });
        list.appendChild(li);
      });
      if (matches.length > SHOWN) list.appendChild(make("li", { role: "presentation", "class": "picker-more" }, words.more || "…"));
      if (!matches.length) list.appendChild(make("li", { role: "presentation", "class": "picker-more" }, words.none || ""));
      status.textContent = say(words.results, matches.length);
      move(terms.length && shown.length ? 0 : -1);
    }
    function move(index) {
      var options = list.querySelectorAll("[role=option]");
      if (active >= 0 && options[active]) options[active].classList.remove("active");
      active = Math.max(-1, Math.min(index, shown.length - 1));
      if (active >= 0) {
        options[active].classList.add("active");
        options[active].scrollIntoView({ block: "nearest" });
        input.setAttribute("aria-activedescendant", options[active].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function toggle(item, on) {
      if (item.el.tagName === "OPTION") item.el.selected = on; else item.el.checked = on;
      status.textContent = say(on ? words.added : words.removed, item.label);
      drawChips();
      changed(item);
    }
    function choose(item) {
      if (multiple) {
        toggle(item, !isOn(item));
        input.value = "";
        drawList();
        status.textContent = say(isOn(item) ? words.added : words.removed, item.label);
        input.focus();
      } else {
        item.el.selected = true;
        input.value = item.label;
        open(false);
        changed(item);
        status.textContent = say(words.added, item.label);
      }
    }

    input.addEventListener("focus", function () { if (!multiple) input.select(); });
    input.addEventListener("input", function () { drawList(); open(true); });
    input.addEventListener("click", function () { if (list.hidden) { drawList(); open(true); } });
    input.addEventListener("blur", function () { open(false); if (!multiple) showChosen(); });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the focus
    ["keyup", "change"].forEach(function (type) {
      // The filter text is not a form value: the consultation form's live suggestions ignore it.
      input.addEventListener(type, function (event) { event.stopPropagation(); });
    });
    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          drawList(); open(true);
          if (active < 0) move(key === "ArrowDown" ? 0 : shown.length - 1);
        } else {
          move(active + (key === "ArrowDown" ? 1 : -1));
        }
      } else if (key === "Home" && !list.hidden && !input.value) {
        event.preventDefault(); move(0);
      } else if (key === "End" && !list.hidden && !input.value) {
        event.preventDefault(); move(shown.length - 1);
      } else if (key === "Enter") {
        if (!list.hidden || multiple) event.preventDefault(); // never submits the form by surprise
        if (!list.hidden && active >= 0) choose(shown[active]);
      } else if (key === "Escape") {
        if (!list.hidden) { event.preventDefault(); open(false); } else if (multiple) { input.value = ""; }
        if (!multiple) showChosen();
      } else if (key === "Backspace" && multiple && !input.value) {
        var last = items.filter(isOn).pop();
        if (last) toggle(last, false);
      }
    });
    // A box ticked from elsewhere (a suggested theme's label) shows as a chip.
    root.addEventListener("change", function () { drawChips(); });
    drawChips();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), picker);
    // The error summary links to the hidden control: take the person to its picker instead.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (target && target.picker) { event.preventDefault(); target.picker.focus(); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
