// The review page's selection: the bulk bar shows (and a status region announces) how many
// contributions are selected, and "select all on this page" becomes "clear the selection"
// once everything is selected. Listeners sit on the document, so they keep working after htmx
// swaps a row or the boosted bulk form swaps the page.
(function () {
  "use strict";

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll('input[form="bulk-form"]'));
  }

  function update() {
    var count = document.getElementById("bulk-count");
    var toggle = document.getElementById("select-all");
    if (!count) return;
    var all = boxes();
    var n = all.filter(function (box) { return box.checked; }).length;
    var text = n === 0 ? count.dataset.none : n === 1 ? count.dataset.one : count.dataset.many.replace("__n__", n);
    if (count.textContent !== text) count.textContent = text;
    if (toggle) {
      var everything = all.length > 0 && n === all.length;
      toggle.textContent = everything ? toggle.dataset.deselect : toggle.dataset.select;
    }
  }

  // htmx swaps no 4xx by default: a decision's 422 brings the row back with the change
  // form's errors, and must come in too. (Here, not in hx-on: the site's
  // Content-Security-Policy runs no inline handlers.)
  document.addEventListener("htmx:beforeSwap", function (event) {
    var row = event.target.closest && event.target.closest(".review-item");
    if (row && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches('input[form="bulk-form"]')) update();
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("#select-all");
    if (!toggle) return;
    var all = boxes();
    var everything = all.length > 0 && all.every(function (box) { return box.checked; });
    all.forEach(function (box) { box.checked = !everything; });
    update();
  });

  document.addEventListener("htmx:afterSettle", update);
  // A page the browser restores from its cache (Back) keeps its ticked boxes.
  window.addEventListener("pageshow", update);
  document.addEventListener("DOMContentLoaded", update);
})();
