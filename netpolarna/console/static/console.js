// The console's only script: queue shortcuts, keeping selections across refreshes, reveal.
(function () {
  "use strict";

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr.item")); }
  var currentKey = null;

  function setCurrent(row) {
    rows().forEach(function (r) { r.classList.remove("current"); });
    if (!row) { return; }
    row.classList.add("current");
    currentKey = row.getAttribute("data-key");
    var link = row.querySelector("a.open");
    if (link) { link.focus(); }
  }

  function currentRow() {
    var all = rows();
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-key") === currentKey) { return all[i]; }
    }
    return null;
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var index = all.indexOf(currentRow());
    index = index < 0 ? 0 : Math.min(all.length - 1, Math.max(0, index + step));
    setCurrent(all[index]);
  }

  function postFor(action, key) {
    var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
    var form = document.createElement("form");
    form.method = "post";
    form.action = action;
    [["csrf_token", token], ["item", key]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = pair[0]; input.value = pair[1];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  document.addEventListener("keydown", function (event) {
    if (!document.querySelector("table.queue")) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    var type = (event.target.type || "").toLowerCase();
    var typing = tag === "select" || tag === "textarea" ||
      (tag === "input" && type !== "checkbox" && type !== "radio");
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var row = currentRow();
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "o" || (event.key === "Enter" && row && tag !== "a" && tag !== "button")) {
      if (row) { row.querySelector("a.open").click(); event.preventDefault(); }
    } else if (event.key === "c" && row) {
      row.querySelector("button.claim").click(); event.preventDefault();
    } else if (event.key === "x" && row) {
      var bulk = document.getElementById("bulk");
      postFor(bulk.getAttribute("action"), row.getAttribute("data-key"));
      event.preventDefault();
    }
  });

  // Clicking or tabbing into a row makes it the current one.
  document.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest("tr.item");
    if (row) {
      rows().forEach(function (r) { r.classList.remove("current"); });
      row.classList.add("current");
      currentKey = row.getAttribute("data-key");
    }
  });

  // The queue refreshes itself: keep the reader's selection, current row, focus and scroll.
  var saved = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target.id !== "queue-items") { return; }
    var active = document.activeElement;
    saved = {
      checked: Array.prototype.map.call(
        document.querySelectorAll('input[name="item"][form="bulk"]:checked'),
        function (box) { return box.value; }),
      focusId: active && active.id ? active.id : null,
      x: window.scrollX, y: window.scrollY
    };
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "queue-items" || !saved) { return; }
    saved.checked.forEach(function (value) {
      var box = document.querySelector('input[name="item"][value="' + value + '"]');
      if (box) { box.checked = true; }
    });
    var row = currentRow();
    if (row) { row.classList.add("current"); }
    if (saved.focusId) {
      var again = document.getElementById(saved.focusId);
      if (again) { again.focus({ preventScroll: true }); }
    }
    window.scrollTo(saved.x, saved.y);
    saved = null;
  });

  // Hateful and threatening text stays blurred until the reader asks to see it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.reveal");
    if (!button) { return; }
    var text = document.getElementById(button.getAttribute("aria-controls"));
    var hidden = text.classList.toggle("blurred");
    button.setAttribute("aria-expanded", hidden ? "false" : "true");
    button.textContent = button.getAttribute(hidden ? "data-show" : "data-hide");
  });

  // Tells a reader (and the browser tests) that the shortcuts are listening.
  document.documentElement.setAttribute("data-console-ready", "1");
})();
