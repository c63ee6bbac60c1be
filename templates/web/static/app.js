// Small improvements only: every page works without this script.
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf");

  // Progress of a build: poll its state, reload the page when it is over.
  var box = document.querySelector("[data-etat-url][data-actif]");
  if (box) {
    var url = box.getAttribute("data-etat-url");
    var bar = box.querySelector("progress");
    var step = box.querySelector(".etape");
    var poll = function () {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (!s.actif) { window.location.reload(); return; }
          if (bar) { bar.max = s.total || 1; bar.value = s.fait; }
          if (step) { step.textContent = s.etape || ""; }
          window.setTimeout(poll, 700);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 500);
  }

  // A second click while the form is being sent does not send it twice.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { window.setTimeout(function () { button.disabled = true; }, 0); }
    });
  });

  // Live check of the date: a past date is said at once (the server says it again on saving).
  var date = document.getElementById("date");
  if (date && date.type === "date") {
    var note = document.createElement("span");
    note.className = "message-attention";
    note.setAttribute("aria-live", "polite");
    note.hidden = true;
    date.insertAdjacentElement("afterend", note);
    var check = function () {
      var today = new Date().toISOString().slice(0, 10);
      var past = date.value && date.value < today;
      note.hidden = !past;
      note.textContent = past ? "Cette date est passée\u00a0: vérifiez l’année." : "";
    };
    date.addEventListener("change", check);
  }
})();

// Repeatable rows (actors, added competences, facilitators): one more empty row on demand.
(function () {
  "use strict";
  document.querySelectorAll("fieldset.repetable").forEach(function (set) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "petit ajouter";
    button.textContent = "Ajouter une ligne";
    button.addEventListener("click", function () {
      var rows = set.querySelectorAll("[data-ligne]");
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      var next = rows.length;
      var renumber = function (value) {
        return value.replace(/^(acteurs|competences_ajoutees)-\d+-/, "$1-" + next + "-").replace(/^animation-\d+$/, "animation-" + next);
      };
      copy.querySelectorAll("[id], [for], [name]").forEach(function (el) {
        ["id", "for", "name"].forEach(function (attr) {
          if (el.hasAttribute(attr)) { el.setAttribute(attr, renumber(el.getAttribute(attr))); }
        });
        if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") { el.value = ""; }
        if (el.tagName === "SELECT") { el.selectedIndex = 0; }
        el.removeAttribute("aria-invalid");
        el.removeAttribute("aria-describedby");
      });
      copy.querySelectorAll(".message-erreur, .message-attention").forEach(function (m) { m.remove(); });
      [copy].concat(Array.prototype.slice.call(copy.querySelectorAll(".en-erreur, .en-attention"))).forEach(function (el) {
        el.classList.remove("en-erreur", "en-attention");
      });
      copy.querySelectorAll("label").forEach(function (l) {
        l.textContent = l.textContent.replace(/\d+$/, String(next + 1));
      });
      last.insertAdjacentElement("afterend", copy);
      var field = copy.querySelector("input, textarea");
      if (field) { field.focus(); }
    });
    set.appendChild(button);
  });
})();

// The results grid: one more actor line for a competence (without script, each save adds one).
(function () {
  "use strict";
  var field = /^(r-.+-)\d+(-(?:qui|type|contact|statut))$/;
  document.querySelectorAll("table.grille tbody[data-competence]").forEach(function (group) {
    var ident = group.getAttribute("data-competence");
    var head = group.querySelector("th.competence");
    if (!head) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "petit ajouter-acteur";
    button.textContent = "Ajouter un acteur";
    var which = document.createElement("span");
    which.className = "cache";
    which.textContent = " pour " + ident;
    button.appendChild(which);
    button.addEventListener("click", function () {
      var rows = group.querySelectorAll("tr[data-ligne]");
      var next = rows.length + 1;
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      copy.querySelectorAll("[rowspan]").forEach(function (cell) { cell.remove(); });
      copy.setAttribute("data-ligne", String(next));
      copy.querySelectorAll("[id], [for], [name]").forEach(function (el) {
        ["id", "for", "name"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && field.test(value)) { el.setAttribute(attr, value.replace(field, "$1" + next + "$2")); }
        });
        if (el.tagName === "INPUT") { el.value = ""; }
        if (el.tagName === "SELECT") {
          el.querySelectorAll("option:not([value])").forEach(function (o) { o.remove(); });  // a saved value outside the list
          el.selectedIndex = 0;
        }
      });
      copy.querySelectorAll("label").forEach(function (l) { l.textContent = l.textContent.replace(/\d+$/, String(next)); });
      last.insertAdjacentElement("afterend", copy);  // before the comment
      head.rowSpan = next + 1;
      copy.querySelector("input").focus();
    });
    head.appendChild(button);
  });
})();
