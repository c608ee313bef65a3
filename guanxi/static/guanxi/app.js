// Small progressive enhancements; every page works without them for reading.
(function () {
  "use strict";
  function csrf() {
    const m = document.cookie.match(/csrftoken=([^;]+)/);
    return m ? m[1] : "";
  }
  // Behaviour declared in the markup (no inline handlers, so the Content-Security-Policy can
  // forbid inline script): confirmations, auto-submitting selects, the menu, "go back".
  document.addEventListener("submit", function (e) {
    const form = e.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
  }, true);
  document.addEventListener("click", function (e) {
    const button = e.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) { e.preventDefault(); return; }
    if (e.target.closest("[data-toggle-sidebar]")) document.getElementById("sidebar").classList.toggle("open");
    const back = e.target.closest("a[data-back]");
    if (back && window.history.length > 1) { e.preventDefault(); window.history.back(); }
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches("select[data-autosubmit]")) e.target.form.submit();
  });
  document.addEventListener("DOMContentLoaded", function () {
    // Bulk selection on lists.
    const bar = document.querySelector("[data-bulk-bar]");
    const all = document.querySelector("[data-select-all]");
    function refresh() {
      if (!bar) return;
      const n = document.querySelectorAll("input[name=ids]:checked").length;
      bar.hidden = n === 0;
      bar.querySelector("[data-bulk-count]").textContent = n + " ✓";
    }
    if (all) all.addEventListener("change", function () {
      document.querySelectorAll("input[name=ids]").forEach(function (c) { c.checked = all.checked; });
      refresh();
    });
    document.querySelectorAll("input[name=ids]").forEach(function (c) { c.addEventListener("change", refresh); });

    // Column chooser.
    document.querySelectorAll("[data-apply-columns]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        const box = btn.closest("[data-columns]");
        const cols = Array.from(box.querySelectorAll("input:checked")).map(function (i) { return i.value; });
        const url = new URL(window.location.href);
        url.searchParams.set("columns", cols.join(","));
        url.searchParams.delete("cursor");
        window.location.href = url.toString();
      });
    });

    // Lookup fields: type to search records of another object.
    document.querySelectorAll("[data-lookup]").forEach(function (box) {
      const hidden = box.querySelector("input[type=hidden]");
      const text = box.querySelector(".lookup-text");
      const results = box.querySelector(".lookup-results");
      let timer = null;
      text.addEventListener("input", function () {
        clearTimeout(timer);
        if (!text.value.trim()) { hidden.value = ""; results.innerHTML = ""; return; }
        timer = setTimeout(function () {
          fetch(box.dataset.url + "?q=" + encodeURIComponent(text.value), { credentials: "same-origin" })
            .then(function (r) { return r.text(); })
            .then(function (html) { results.innerHTML = html; });
        }, 200);
      });
      results.addEventListener("click", function (e) {
        const opt = e.target.closest(".lookup-option");
        if (!opt) return;
        hidden.value = opt.dataset.id;
        text.value = opt.dataset.label;
        results.innerHTML = "";
      });
    });

    // Close the global search popup on Escape or outside click.
    const pop = document.getElementById("search-pop");
    document.addEventListener("click", function (e) { if (pop && !e.target.closest(".global-search")) pop.innerHTML = ""; });

    // Kanban: drag a card to another column; the server's service decides.
    // After a move, the two columns' counts and totals follow the card.
    function shift(from, to, amount) {
      const fmt = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 0 });
      [[from, -1], [to, 1]].forEach(function (pair) {
        const head = pair[0].parentElement.querySelector(".kanban-head");
        const count = head.querySelector("[data-count]");
        if (count && !count.textContent.includes("+")) count.textContent = String(Number(count.textContent) + pair[1]);
        const total = head.querySelector("[data-total]");
        if (total) {
          total.dataset.total = String(Number(total.dataset.total) + pair[1] * amount);
          total.textContent = fmt.format(Number(total.dataset.total));
        }
      });
    }
    const board = document.querySelector("[data-kanban]");
    if (board && window.Sortable && board.dataset.editable === "1") {
      board.querySelectorAll(".kanban-cards").forEach(function (col) {
        new window.Sortable(col, {
          group: "kanban", animation: 150,
          onAdd: function (evt) {
            const card = evt.item;
            const body = new URLSearchParams({ value: evt.to.dataset.value, version: card.dataset.version });
            fetch(card.dataset.url, { method: "POST", body: body, credentials: "same-origin",
              headers: { "X-CSRFToken": csrf(), "Content-Type": "application/x-www-form-urlencoded" } })
              .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
              .then(function (res) {
                if (res.ok) {
                  card.dataset.version = res.text; card.classList.remove("error");
                  shift(evt.from, evt.to, Number(card.dataset.total || 0));
                }
                else { evt.from.insertBefore(card, evt.from.children[evt.oldIndex] || null); card.classList.add("error"); alert(res.text); }
              });
          }
        });
      });
    }
  });
})();

// Charts: an element with data-echarts="<id>" draws the ECharts option in the JSON script <id>
// (built and translated on the server); echarts.min.js is served from our own static files.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) return;
    document.querySelectorAll("[data-echarts]").forEach(function (el) {
      const source = document.getElementById(el.dataset.echarts);
      if (!source) return;
      const chart = window.echarts.init(el);
      chart.setOption(JSON.parse(source.textContent));
      window.addEventListener("resize", function () { chart.resize(); });
      el.dataset.ready = "1";
    });
  });
})();
